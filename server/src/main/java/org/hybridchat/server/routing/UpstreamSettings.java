package org.hybridchat.server.routing;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hybridchat.contract.StreamEvent.Engine;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * One upstream as configured ({@code hybridchat.upstreams[i].name}, {@code .url}, {@code .model},
 * {@code .api-key}): an OpenAI-compatible server that may write replies this server has no room for.
 *
 * @param name   how the label, the metrics and the logs call it: letters, digits, dots, dashes, underscores
 * @param url    its address, with or without the {@code /v1} OpenAI clients put at its end
 * @param model  the model to ask it for, as its {@code GET /v1/models} lists it
 * @param apiKey sent as a bearer token when set
 */
record UpstreamSettings(String name, URI url, String model, String apiKey) {

    /**
     * Refuses a setting that could only fail later, naming the property, so the server does not start
     * with an upstream it cannot use.
     */
    static List<UpstreamSettings> checked(List<UpstreamSettings> upstreams) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < upstreams.size(); i++) {
            UpstreamSettings upstream = upstreams.get(i);
            String property = "hybridchat.upstreams[" + i + "].";
            String name = upstream.name();
            if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new InvalidConfigurationPropertyValueException(property + "name", name,
                        "An upstream needs a name of 1 to 64 letters, digits, dots, dashes or underscores.");
            }
            if (name.equals(Engine.LOCAL) || !names.add(name)) {
                throw new InvalidConfigurationPropertyValueException(property + "name", name,
                        "Each upstream needs its own name, and '" + Engine.LOCAL + "' is this server's own model.");
            }
            URI url = upstream.url();
            if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))
                    || url.getHost() == null || url.getQuery() != null || url.getFragment() != null) {
                throw new InvalidConfigurationPropertyValueException(property + "url", url,
                        "An upstream needs an http or https address such as http://10.0.0.5:8000, without a query.");
            }
            if (upstream.model() == null || upstream.model().isBlank()) {
                throw new InvalidConfigurationPropertyValueException(property + "model", upstream.model(),
                        "An upstream needs the model to ask it for, as its GET /v1/models lists it.");
            }
        }
        return List.copyOf(upstreams);
    }

    /** The OpenAI API's root on that server: the address as given when it ends with /v1, else with /v1 added. */
    String apiRoot() {
        String address = url.toString().replaceAll("/+$", "");
        return address.endsWith("/v1") ? address : address + "/v1";
    }

    /** The key stays out of logs and messages. */
    @Override
    public String toString() {
        return name + " (" + apiRoot() + ", model " + model + (apiKey == null || apiKey.isEmpty() ? "" : ", with a key") + ")";
    }
}
