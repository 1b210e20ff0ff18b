package dev.stepwise.store.workerskv;

import java.net.URI;
import java.util.Objects;

/**
 * Where a Workers KV namespace lives and the API token that may use it. {@link #toString()} and
 * {@link #describe()} never show the token, so a location can be logged or put in an error.
 *
 * @param endpoint the API's origin, {@code https://api.cloudflare.com} unless a test or proxy
 *     serves the same paths elsewhere; requests go to {@code ENDPOINT/client/v4/accounts/...}
 * @param account the Cloudflare account id
 * @param namespace the KV namespace id
 * @param token an API token with "Workers KV Storage: Edit" on the account
 */
public record WorkersKvLocation(URI endpoint, String account, String namespace, String token) {

    /** Cloudflare's API origin. */
    public static final URI CLOUDFLARE = URI.create("https://api.cloudflare.com");

    public WorkersKvLocation {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(token, "token");
        if (account.isBlank() || namespace.isBlank() || token.isBlank()) {
            throw new IllegalArgumentException("a Workers KV location needs an account, a namespace and a token");
        }
    }

    /** The namespace's base URL; paths such as {@code /values/KEY} are appended to it. */
    URI namespaceUrl() {
        String origin = endpoint.toString().replaceAll("/+$", "");
        return URI.create(origin + "/client/v4/accounts/" + Names.pathSegment(account) + "/storage/kv/namespaces/"
                + Names.pathSegment(namespace));
    }

    /** Account, namespace and endpoint, for messages; never the token. */
    public String describe() {
        return "Workers KV namespace " + namespace + " of account " + account
                + (endpoint.equals(CLOUDFLARE) ? "" : " at " + endpoint);
    }

    @Override
    public String toString() {
        return "WorkersKvLocation[" + describe() + ", token=***]";
    }
}
