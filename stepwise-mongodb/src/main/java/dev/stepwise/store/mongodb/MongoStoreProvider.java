package dev.stepwise.store.mongodb;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.stepwise.store.StoreProvider;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens a {@link MongoStore} from {@code mongodb://[user:pass@]HOST[:PORT][/DATABASE][?options]}
 * (or {@code mongodb+srv://}). The database defaults to {@code stepwise}. Besides the driver's own
 * connection-string options, two are read by the store and not passed on:
 * {@code collectionPrefix} (default {@code stepwise_}) and {@code createIndexes} ({@code true} or
 * {@code false}).
 */
public final class MongoStoreProvider implements StoreProvider {

    @Override
    public List<String> uriForms() {
        return List.of(
                "mongodb://HOST[:PORT][/DATABASE][?collectionPrefix=PREFIX&createIndexes=true|false]",
                "mongodb+srv://HOST[/DATABASE][?...]");
    }

    @Override
    public boolean accepts(String uri) {
        return uri != null && (uri.startsWith("mongodb://") || uri.startsWith("mongodb+srv://"));
    }

    @Override
    public VersionedStore open(String uri) {
        if (!accepts(uri)) {
            throw new IllegalArgumentException(
                    "not a MongoDB URI: '" + StoreProviders.redact(String.valueOf(uri)) + "'");
        }
        String prefix = null;
        Boolean createIndexes = null;
        String base = uri;
        int q = uri.indexOf('?');
        List<String> driverOptions = new ArrayList<>();
        if (q >= 0) {
            base = uri.substring(0, q);
            for (String pair : uri.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (name.equals("collectionPrefix")) {
                    prefix = value;
                } else if (name.equals("createIndexes")) {
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new IllegalArgumentException("createIndexes must be true or false, was '" + value + "'");
                    }
                    createIndexes = Boolean.valueOf(value);
                } else {
                    driverOptions.add(pair);
                }
            }
        }
        String driverUri = driverOptions.isEmpty() ? base : base + "?" + String.join("&", driverOptions);
        ConnectionString cs;
        try {
            cs = new ConnectionString(driverUri);
        } catch (IllegalArgumentException | MongoException e) {
            throw new IllegalArgumentException(
                    "invalid MongoDB URI '" + StoreProviders.redact(uri) + "': "
                            + e.getMessage().replace(driverUri, StoreProviders.redact(driverUri)),
                    e);
        }
        String database = cs.getDatabase() == null || cs.getDatabase().isEmpty() ? "stepwise" : cs.getDatabase();
        MongoClient client = MongoClients.create(
                MongoClientSettings.builder().applyConnectionString(cs).build());
        try {
            MongoStore.Builder b = MongoStore.builder(client, database);
            if (prefix != null) {
                b.collectionPrefix(prefix);
            }
            if (createIndexes != null) {
                b.createIndexes(createIndexes);
            }
            return b.build();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }
}
