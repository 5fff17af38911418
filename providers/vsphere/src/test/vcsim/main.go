// Command infrakit-vcsim runs govmomi's vSphere API simulator (vcsim) with the inventory the
// vSphere provider's tests and examples expect. Built and started by .ci/engines/vcsim.sh.
//
// The names are those of the InfraKit vSphere blog post the examples come from, so that its JSON
// runs as written: datacenter "Home Lab", datastore "vSphereNFS", standalone host
// "esxi01.fnnrn.me", network "HomeNetwork", templates "CentOS7-WEB" and "CentOS7-WEB-v2" in
// folder "Templates", and an ISO at "[vSphereNFS] linuxkit/vSphere.iso".
package main

import (
	"context"
	"crypto/tls"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"path/filepath"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/find"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:8989", "host:port to serve the SDK on")
	user := flag.String("username", "infrakit", "the one user name that may log in")
	pass := flag.String("password", "vcsim-secret", "its password")
	cert := flag.String("cert", "", "PEM server certificate (https when given)")
	key := flag.String("key", "", "PEM key of -cert")
	flag.Parse()

	model := simulator.VPX()
	if err := model.Create(); err != nil {
		log.Fatalf("create model: %v", err)
	}
	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*user, *pass)}
	if *cert != "" {
		pair, err := tls.LoadX509KeyPair(*cert, *key)
		if err != nil {
			log.Fatalf("load certificate: %v", err)
		}
		model.Service.TLS = &tls.Config{Certificates: []tls.Certificate{pair}}
	}

	// Renames happen in process: vcsim 0.24 has no Rename_Task for datastores and hosts.
	rename := func(kind, from, to string) mo.Entity {
		for _, obj := range simulator.Map.All(kind) {
			if obj.Entity().Name == from {
				simulator.Map.Update(obj, []types.PropertyChange{{Name: "name", Val: to}})
				return obj
			}
		}
		log.Fatalf("no %s named %s", kind, from)
		return nil
	}
	rename("Datacenter", "DC0", "Home Lab")
	ds := rename("Datastore", "LocalDS_0", "vSphereNFS").(*simulator.Datastore)
	rename("HostSystem", "DC0_H0", "esxi01.fnnrn.me")

	// A LinuxKit ISO on the datastore, as if uploaded.
	iso := filepath.Join(ds.Info.GetDatastoreInfo().Url, "linuxkit", "vSphere.iso")
	if err := os.MkdirAll(filepath.Dir(iso), 0o755); err != nil {
		log.Fatalf("iso dir: %v", err)
	}
	if err := os.WriteFile(iso, []byte("not really an ISO: vcsim boots nothing\n"), 0o644); err != nil {
		log.Fatalf("iso: %v", err)
	}

	server := model.Service.NewServer()
	ctx := context.Background()
	client, err := govmomi.NewClient(ctx, server.URL, true)
	if err != nil {
		log.Fatalf("client: %v", err)
	}
	finder := find.NewFinder(client.Client, true)
	dc, err := finder.Datacenter(ctx, "Home Lab")
	if err != nil {
		log.Fatalf("datacenter: %v", err)
	}
	finder.SetDatacenter(dc)
	folders, err := dc.Folders(ctx)
	if err != nil {
		log.Fatalf("folders: %v", err)
	}
	templates, err := folders.VmFolder.CreateFolder(ctx, "Templates")
	if err != nil {
		log.Fatalf("folder: %v", err)
	}

	host, err := finder.HostSystem(ctx, "esxi01.fnnrn.me")
	if err != nil {
		log.Fatalf("host: %v", err)
	}
	netsys, err := host.ConfigManager().NetworkSystem(ctx)
	if err != nil {
		log.Fatalf("network system: %v", err)
	}
	if err := netsys.AddPortGroup(ctx, types.HostPortGroupSpec{Name: "HomeNetwork", VswitchName: "vSwitch0"}); err != nil {
		log.Fatalf("port group: %v", err)
	}

	source, err := finder.VirtualMachine(ctx, "DC0_H0_VM0")
	if err != nil {
		log.Fatalf("source vm: %v", err)
	}
	pool, err := source.ResourcePool(ctx)
	if err != nil {
		log.Fatalf("pool: %v", err)
	}
	poolRef := pool.Reference()
	dsRef := ds.Reference()
	for _, name := range []string{"CentOS7-WEB", "CentOS7-WEB-v2"} {
		task, err := source.Clone(ctx, templates, name, types.VirtualMachineCloneSpec{
			Location: types.VirtualMachineRelocateSpec{Pool: &poolRef, Datastore: &dsRef},
			Template: true,
		})
		if err == nil {
			err = task.Wait(ctx)
		}
		if err != nil {
			log.Fatalf("template %s: %v", name, err)
		}
	}
	var _ object.Reference = templates
	fmt.Printf("infrakit-vcsim ready on %s\n", server.URL.Host)
	select {}
}
