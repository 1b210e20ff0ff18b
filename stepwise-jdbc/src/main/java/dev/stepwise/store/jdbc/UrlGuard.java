package dev.stepwise.store.jdbc;

import dev.stepwise.store.StoreProviders;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses JDBC URL settings that turn a store URI into a code-execution or file-read vector: driver
 * parameters naming classes to instantiate (PostgreSQL {@code socketFactory}, {@code sslfactory},
 * ...; MySQL interceptors and {@code autoDeserialize}), local-infile reads a hostile server could
 * trigger, and H2 settings other than a small harmless set (H2's {@code INIT} runs arbitrary SQL,
 * e.g. {@code RUNSCRIPT FROM 'http://...'}, which can define Java functions).
 */
final class UrlGuard {

    /** Parameter names refused in PostgreSQL, MariaDB and MySQL URLs (lower case). */
    private static final List<String> REFUSED = List.of(
            // PostgreSQL: classes instantiated from the URL, and a log file written where the URL says
            "socketfactory",
            "socketfactoryarg",
            "sslfactory",
            "sslfactoryarg",
            "sslhostnameverifier",
            "sslpasswordcallback",
            "authenticationpluginclassname",
            "loggerfile",
            "sslkey",
            "sslcert",
            "sslrootcert",
            // MariaDB / MySQL: classes from the URL, Java deserialisation, LOCAL INFILE file reads
            "tlssockettype",
            "autodeserialize",
            "allowloadlocalinfile",
            "allowlocalinfile",
            "allowurlinlocalinfile",
            "queryinterceptors",
            "statementinterceptors",
            "exceptioninterceptors",
            "connectionlifecycleinterceptors",
            "propertiestransform",
            "clientinfoprovider",
            "authenticationplugins",
            "defaultauthenticationplugin",
            "serverrsapublickeyfile",
            "credentialtype");

    private static final Pattern PARAMETER = Pattern.compile("(?:^|[?&;(,\\s])\\s*([A-Za-z_.]+)\\s*=");

    /** H2 URL settings allowed (upper case); anything else, INIT above all, is refused. */
    private static final Set<String> H2_ALLOWED = Set.of(
            "DB_CLOSE_DELAY",
            "DB_CLOSE_ON_EXIT",
            "LOCK_TIMEOUT",
            "MODE",
            "DATABASE_TO_UPPER",
            "DATABASE_TO_LOWER",
            "CASE_INSENSITIVE_IDENTIFIERS",
            "IGNORECASE",
            "USER",
            "PASSWORD",
            "IFEXISTS",
            "FORBID_CREATION",
            "FILE_LOCK",
            "ACCESS_MODE_DATA",
            "NON_KEYWORDS",
            "DEFAULT_NULL_ORDERING",
            "CACHE_SIZE",
            "WRITE_DELAY",
            "MAX_COMPACT_TIME",
            "TRACE_LEVEL_FILE",
            "TRACE_LEVEL_SYSTEM_OUT");

    private UrlGuard() {}

    /** @throws IllegalArgumentException naming the refused setting (never echoing a password) */
    static void check(String uri, String database) {
        String decoded;
        try {
            decoded = URLDecoder.decode(uri, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "the " + database + " store URI '" + StoreProviders.redact(uri) + "' has a malformed %-escape");
        }
        if (uri.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
            checkH2(uri, decoded);
            return;
        }
        for (String text : List.of(uri, decoded)) {
            Matcher m = PARAMETER.matcher(text);
            while (m.find()) {
                String name = m.group(1).toLowerCase(Locale.ROOT);
                if (REFUSED.contains(name)) {
                    throw new IllegalArgumentException("the " + database + " store URI '" + StoreProviders.redact(uri)
                            + "' sets '" + m.group(1) + "', which is refused: it makes the driver load classes or read"
                            + " files named by the URI. Configure TLS and authentication on the server side or in a"
                            + " DataSource passed to JdbcStore.builder(...)");
                }
            }
        }
    }

    private static void checkH2(String uri, String decoded) {
        for (String text : List.of(uri, decoded)) {
            String[] parts = text.split(";");
            for (int i = 1; i < parts.length; i++) {
                String setting = parts[i].trim();
                if (setting.isEmpty()) {
                    continue;
                }
                int eq = setting.indexOf('=');
                String name =
                        (eq < 0 ? setting : setting.substring(0, eq)).trim().toUpperCase(Locale.ROOT);
                if (!H2_ALLOWED.contains(name)) {
                    throw new IllegalArgumentException("the H2 store URI '" + StoreProviders.redact(uri) + "' sets '"
                            + name + "', which is refused"
                            + (name.equals("INIT") ? " (INIT runs arbitrary SQL on connect)" : "")
                            + "; allowed settings: "
                            + String.join(", ", H2_ALLOWED.stream().sorted().toList()));
                }
            }
        }
    }
}
