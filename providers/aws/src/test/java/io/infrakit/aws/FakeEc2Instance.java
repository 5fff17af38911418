package io.infrakit.aws;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** An instance as the fake EC2 ({@link FakeEc2}) keeps it: what RunInstances was asked, its tags and state. */
final class FakeEc2Instance {
    final String id;
    final int seq;
    final String reservationId;
    final String imageId;
    final String instanceType;
    final String subnetId;
    final String keyName;
    final String privateIp;
    final String clientToken;
    final String launchTime = Instant.now().toString();
    final Map<String, String> params;
    final Map<String, String> tags = new TreeMap<>();
    String state = "pending";

    FakeEc2Instance(int seq, Map<String, String> params) {
        this.seq = seq;
        this.id = String.format("i-%017x", 0xfa4e0000L + seq);
        this.reservationId = String.format("r-%017x", 0xfa4e0000L + seq);
        this.params = params;
        this.imageId = params.get("ImageId");
        this.instanceType = params.get("InstanceType");
        this.subnetId = params.get("SubnetId");
        this.keyName = params.get("KeyName");
        this.privateIp = params.getOrDefault("PrivateIpAddress", "10.0." + (seq / 250) + "." + (seq % 250 + 4));
        this.clientToken = params.get("ClientToken");
    }

    String userData() {
        String b64 = params.get("UserData");
        return b64 == null ? null : new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
