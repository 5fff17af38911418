package io.infrakit.aws;

import java.util.List;
import java.util.Map;

/** The XML answers of the fake EC2 ({@link FakeEc2}), in EC2's namespace, as EC2's API reference shows them. */
final class FakeEc2Xml {

    static final String NS = "http://ec2.amazonaws.com/doc/2016-11-15/";
    static final String OWNER = "123456789012";

    private FakeEc2Xml() {
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String response(String action, String requestId, String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"" + NS + "\">"
                + "<requestId>" + requestId + "</requestId>" + body + "</" + action + "Response>";
    }

    static String error(String code, String message, String requestId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + esc(code) + "</Code><Message>"
                + esc(message) + "</Message></Error></Errors><RequestID>" + requestId + "</RequestID></Response>";
    }

    static String instance(FakeEc2Instance i) {
        StringBuilder x = new StringBuilder("<item>")
                .append("<instanceId>").append(i.id).append("</instanceId>")
                .append("<imageId>").append(esc(i.imageId)).append("</imageId>")
                .append("<instanceState><code>").append(code(i.state)).append("</code><name>").append(i.state).append("</name></instanceState>")
                .append("<privateDnsName>ip-10-0-0-").append(i.seq % 250).append(".ec2.internal</privateDnsName>")
                .append("<dnsName/>")
                .append("<amiLaunchIndex>0</amiLaunchIndex>")
                .append("<instanceType>").append(esc(i.instanceType)).append("</instanceType>")
                .append("<launchTime>").append(i.launchTime).append("</launchTime>")
                .append("<placement><availabilityZone>").append(FakeEc2.REGION).append("a</availabilityZone><tenancy>default</tenancy></placement>");
        if (i.subnetId != null) {
            x.append("<subnetId>").append(esc(i.subnetId)).append("</subnetId><vpcId>vpc-0fa1e5c0de</vpcId>");
        }
        x.append("<privateIpAddress>").append(esc(i.privateIp)).append("</privateIpAddress>");
        if (i.keyName != null) {
            x.append("<keyName>").append(esc(i.keyName)).append("</keyName>");
        }
        x.append("<tagSet>");
        for (Map.Entry<String, String> t : i.tags.entrySet()) {
            x.append("<item><key>").append(esc(t.getKey())).append("</key><value>").append(esc(t.getValue())).append("</value></item>");
        }
        return x.append("</tagSet></item>").toString();
    }

    static String reservations(List<FakeEc2Instance> page, String nextToken) {
        StringBuilder x = new StringBuilder("<reservationSet>");
        for (FakeEc2Instance i : page) {
            x.append("<item><reservationId>").append(i.reservationId).append("</reservationId><ownerId>").append(OWNER)
                    .append("</ownerId><groupSet/><instancesSet>").append(instance(i)).append("</instancesSet></item>");
        }
        x.append("</reservationSet>");
        if (nextToken != null) {
            x.append("<nextToken>").append(esc(nextToken)).append("</nextToken>");
        }
        return x.toString();
    }

    static String stateChange(FakeEc2Instance i, String previous) {
        return "<item><instanceId>" + i.id + "</instanceId><currentState><code>" + code(i.state) + "</code><name>" + i.state
                + "</name></currentState><previousState><code>" + code(previous) + "</code><name>" + previous + "</name></previousState></item>";
    }

    static int code(String state) {
        return switch (state) {
            case "pending" -> 0;
            case "running" -> 16;
            case "shutting-down" -> 32;
            case "terminated" -> 48;
            case "stopping" -> 64;
            default -> 80;
        };
    }
}
