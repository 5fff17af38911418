package io.infrakit.vsphere;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.infrakit.vsphere.vim.XmlNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A FAKE of vSphere's guest operations, layered in front of vcsim: vcsim 0.24 has no
 * GuestProcessManager (StartProgramInGuest and ListProcessesInGuest are not implemented) and
 * its file transfers need container-backed VMs. This plain-HTTP loopback server answers the
 * guest-operation methods itself, as vim25 SOAP, and forwards every other request (login,
 * clone, power, properties ...) to vcsim with the session cookie. Its "guest" is this machine:
 * a program runs as a local process through {@code /bin/sh} (as VMware Tools on Linux run the
 * argument line through the guest's shell), and file transfer URLs read and write local files.
 * For tests only: no isolation at all.
 */
final class FakeGuestOperations implements AutoCloseable {

    static final String GUEST_USER = "root";
    static final String GUEST_PASSWORD = "guest-secret";

    private final HttpServer server;
    private final HttpClient vcsim;
    private final Map<Long, Process> processes = new ConcurrentHashMap<>();
    private final Map<Long, Instant> started = new ConcurrentHashMap<>();
    private final Map<String, Path> transfers = new ConcurrentHashMap<>();
    private final AtomicLong nextTransfer = new AtomicLong();
    /** VMs whose tools are "not running": every guest operation on them fails with GuestOperationsUnavailable. */
    final Set<String> toolsDown = ConcurrentHashMap.newKeySet();
    /** Every guest-operation method called, in order (the password never in it). */
    final List<String> calls = new CopyOnWriteArrayList<>();
    /** What the last StartProgramInGuest asked for: programPath, arguments, workingDirectory, env. */
    volatile Map<String, Object> lastStart = Map.of();

    FakeGuestOperations() throws IOException {
        vcsim = HttpClient.newBuilder().sslContext(TlsTrust.context(Vcsim.CA, false)).version(HttpClient.Version.HTTP_1_1).build();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/sdk", this::sdk);
        server.createContext("/guestFile", this::guestFile);
        server.start();
    }

    URI sdk() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sdk");
    }

    /** Plugin options that talk to vcsim through this fake. */
    VsphereOptions options() {
        return VsphereOptions.of(sdk(), Vcsim.credentials(), Vcsim.CA, false);
    }

    private void sdk(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            XmlNode call = XmlNode.parse(body).child("Body").orElseThrow().children().getFirst();
            String answer = switch (call.name()) {
                case "StartProgramInGuest", "ListProcessesInGuest", "TerminateProcessInGuest", "InitiateFileTransferFromGuest",
                     "InitiateFileTransferToGuest", "DeleteFileInGuest" -> guest(call);
                case "RetrievePropertiesEx" -> body.contains("type=\"GuestOperationsManager\"") ? managers() : null;
                default -> null;
            };
            if (answer != null) {
                send(ex, answer.contains("<soapenv:Fault>") ? 500 : 200, answer);
                return;
            }
            forward(ex, call.name(), body);
        }
    }

    /** Passes a request to vcsim; RetrieveServiceContent's answer gains a guest operations manager. */
    private void forward(HttpExchange ex, String method, String body) throws IOException {
        HttpRequest.Builder req = HttpRequest.newBuilder(Vcsim.SDK).header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"urn:vim25/6.5\"").POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(120));
        String cookie = ex.getRequestHeaders().getFirst("Cookie");
        if (cookie != null) {
            req.header("Cookie", cookie);
        }
        HttpResponse<String> r;
        try {
            r = vcsim.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        String answer = r.body();
        if (method.equals("RetrieveServiceContent")) {
            answer = answer.replace("</returnval>",
                    "<guestOperationsManager type=\"GuestOperationsManager\">guestOperationsManager</guestOperationsManager></returnval>");
        }
        r.headers().allValues("set-cookie").forEach(c -> ex.getResponseHeaders().add("Set-Cookie", c));
        send(ex, r.statusCode(), answer);
    }

    private static String managers() {
        return envelope("RetrievePropertiesExResponse", "<returnval><objects><obj type=\"GuestOperationsManager\">guestOperationsManager</obj>"
                + "<propSet><name>fileManager</name><val type=\"GuestFileManager\" xsi:type=\"ManagedObjectReference\">guestOperationsFileManager</val></propSet>"
                + "<propSet><name>processManager</name><val type=\"GuestProcessManager\" xsi:type=\"ManagedObjectReference\">guestOperationsProcessManager</val></propSet>"
                + "</objects></returnval>");
    }

    private String guest(XmlNode call) throws IOException {
        calls.add(call.name());
        String vm = call.text("vm");
        if (toolsDown.contains(vm)) {
            return fault("GuestOperationsUnavailable", "The guest operations agent could not be contacted.");
        }
        XmlNode auth = call.child("auth").orElse(null);
        if (auth == null || !"NamePasswordAuthentication".equals(auth.xsiType())
                || !GUEST_USER.equals(auth.text("username")) || !GUEST_PASSWORD.equals(auth.text("password"))) {
            return fault("InvalidGuestLogin", "Failed to authenticate with the guest operating system using the supplied credentials.");
        }
        String response = call.name() + "Response";
        return switch (call.name()) {
            case "StartProgramInGuest" -> start(call.child("spec").orElseThrow(), response);
            case "ListProcessesInGuest" -> list(call, response);
            case "TerminateProcessInGuest" -> {
                Process p = processes.get(Long.parseLong(call.text("pid")));
                if (p == null) {
                    yield fault("GuestProcessNotFound", "no such process");
                }
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                yield envelope(response, "");
            }
            case "InitiateFileTransferFromGuest" -> {
                Path file = Path.of(call.text("guestFilePath"));
                if (!Files.isRegularFile(file)) {
                    yield fault("FileNotFound", "File " + file + " was not found");
                }
                yield envelope(response, "<returnval><attributes xsi:type=\"GuestPosixFileAttributes\"></attributes><size>" + Files.size(file)
                        + "</size><url>" + transferUrl(file) + "</url></returnval>");
            }
            case "InitiateFileTransferToGuest" -> {
                Path file = Path.of(call.text("guestFilePath"));
                if (Files.exists(file) && !"true".equals(call.text("overwrite"))) {
                    yield fault("FileAlreadyExists", "File " + file + " already exists");
                }
                if (!Files.isDirectory(file.toAbsolutePath().getParent())) {
                    yield fault("FileNotFound", "File " + file.getParent() + " was not found");
                }
                yield envelope(response, "<returnval>" + transferUrl(file) + "</returnval>");
            }
            case "DeleteFileInGuest" -> {
                Path file = Path.of(call.text("filePath"));
                yield Files.deleteIfExists(file) ? envelope(response, "") : fault("FileNotFound", "File " + file + " was not found");
            }
            default -> throw new IllegalStateException(call.name());
        };
    }

    private String start(XmlNode spec, String response) throws IOException {
        String program = spec.text("programPath");
        String args = spec.text("arguments") == null ? "" : spec.text("arguments");
        List<String> env = spec.all("envVariables").stream().map(XmlNode::text).toList();
        lastStart = Map.of("programPath", program, "arguments", args, "workingDirectory", String.valueOf(spec.text("workingDirectory")), "env", env);
        if (program.startsWith("/") && !Files.isExecutable(Path.of(program))) {
            return fault("FileNotFound", "File " + program + " was not found");
        }
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", VmGuest.quote(program) + " " + args).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (!env.isEmpty()) { // vSphere: given variables are the program's whole environment
            pb.environment().clear();
            env.forEach(kv -> pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1)));
        }
        String wd = spec.text("workingDirectory");
        if (wd != null && !wd.isBlank()) {
            pb.directory(new java.io.File(wd));
        }
        Process p = pb.start();
        processes.put(p.pid(), p);
        started.put(p.pid(), Instant.now());
        return envelope(response, "<returnval>" + p.pid() + "</returnval>");
    }

    private String list(XmlNode call, String response) {
        StringBuilder b = new StringBuilder();
        for (XmlNode pidNode : call.all("pids")) {
            long pid = Long.parseLong(pidNode.text().trim());
            Process p = processes.get(pid);
            if (p == null) {
                continue;
            }
            b.append("<returnval><name>sh</name><pid>").append(pid).append("</pid><owner>").append(GUEST_USER)
                    .append("</owner><cmdLine>sh</cmdLine><startTime>").append(started.get(pid)).append("</startTime>");
            if (!p.isAlive()) {
                b.append("<endTime>").append(Instant.now()).append("</endTime><exitCode>").append(p.exitValue()).append("</exitCode>");
            }
            b.append("</returnval>");
        }
        return envelope(response, b.toString());
    }

    /** As ESXi: host "*" (the client puts in the name it used), a one-off id. */
    private String transferUrl(Path file) {
        String id = Long.toString(nextTransfer.incrementAndGet());
        transfers.put(id, file);
        return "http://*:" + server.getAddress().getPort() + "/guestFile?id=" + id;
    }

    private void guestFile(HttpExchange ex) throws IOException {
        try (ex) {
            String query = ex.getRequestURI().getQuery();
            Path file = query == null ? null : transfers.remove(query.replace("id=", ""));
            if (file == null) {
                send(ex, 404, "no such transfer");
                return;
            }
            if (ex.getRequestMethod().equals("PUT")) {
                Files.write(file, ex.getRequestBody().readAllBytes());
                ex.sendResponseHeaders(200, -1);
            } else {
                byte[] b = Files.readAllBytes(file);
                ex.sendResponseHeaders(200, b.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(b);
                }
            }
        }
    }

    private static String fault(String name, String message) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode>"
                + "<faultstring>" + message + "</faultstring><detail><" + name + "Fault xmlns=\"urn:vim25\" xsi:type=\"" + name + "\"/></detail>"
                + "</soapenv:Fault></soapenv:Body></soapenv:Envelope>";
    }

    private static String envelope(String response, String inner) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body><" + response + " xmlns=\"urn:vim25\">"
                + inner + "</" + response + "></soapenv:Body></soapenv:Envelope>";
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/xml; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        processes.values().forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
        server.stop(0);
    }
}
