package io.infrakit.gcp;

import com.google.api.gax.core.CredentialsProvider;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import com.google.cloud.compute.v1.ZoneOperationsSettings;

import java.io.IOException;

/**
 * Builds Google's Compute Engine clients (REST transport over the JDK's HttpURLConnection) from
 * the options: Application Default Credentials, and the endpoint when the option replaces it.
 * Only {@code start} of the plugin kind comes here, so the SDK is loaded by nothing else.
 */
final class ComputeClients {

    private ComputeClients() {
    }

    /** Application Default Credentials, or a clear error saying where they are looked for. */
    static CredentialsProvider applicationDefault() {
        GoogleCredentials credentials;
        try {
            credentials = GoogleCredentials.getApplicationDefault();
        } catch (IOException e) {
            throw new IllegalArgumentException("no Google Application Default Credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service account's"
                    + " key file, run `gcloud auth application-default login`, or run on a VM with a service account");
        }
        // A service account's key needs a scope; user credentials and a VM's account come scoped.
        return FixedCredentialsProvider.create(credentials.createScopedRequired()
                ? credentials.createScoped("https://www.googleapis.com/auth/compute") : credentials);
    }

    static GcpInstancePlugin plugin(GcpOptions options, CredentialsProvider credentials) {
        try {
            InstancesSettings.Builder instances = InstancesSettings.newBuilder().setCredentialsProvider(credentials);
            ZoneOperationsSettings.Builder operations = ZoneOperationsSettings.newBuilder().setCredentialsProvider(credentials);
            if (options.endpoint() != null) {
                String endpoint = options.endpoint().toString().replaceAll("/+$", "");
                instances.setEndpoint(endpoint);
                operations.setEndpoint(endpoint);
            }
            return new GcpInstancePlugin(options, InstancesClient.create(instances.build()),
                    new ZoneOperations(ZoneOperationsClient.create(operations.build()), options));
        } catch (IOException e) {
            throw new IllegalArgumentException("gcp: the Compute Engine client could not be made (" + e.getMessage()
                    + "); check the endpoint option and the credentials");
        }
    }
}
