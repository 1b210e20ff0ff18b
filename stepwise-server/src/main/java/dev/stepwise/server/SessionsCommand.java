package dev.stepwise.server;

import dev.stepwise.engine.SessionFingerprint;
import dev.stepwise.engine.SessionPage;
import dev.stepwise.engine.SessionQuery;
import dev.stepwise.engine.SessionSummary;
import dev.stepwise.engine.Sessions;
import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.Page;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stepwise sessions list|show|delete|purge}: inspect and remove sessions in any store,
 * through the engine's session administration ({@link Sessions#of}), so the command and the engine
 * agree on where a session lives.
 */
@Command(
        name = "sessions",
        mixinStandardHelpOptions = true,
        description = "Inspect or remove stored sessions.",
        subcommands = {
            SessionsCommand.List.class,
            SessionsCommand.Show.class,
            SessionsCommand.Delete.class,
            SessionsPurge.class,
            SessionsExport.class,
            SessionsImport.class,
            SessionsReencrypt.class
        })
final class SessionsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The engine's query for the command's filters (the status already checked by {@link StatusConverter}). */
    static SessionQuery query(String flowId, String status, String cursor, int limit) {
        return new SessionQuery(
                flowId, status == null ? null : StatusConverter.status(status), null, null, null, cursor, limit);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sessions, a page at a time.")
    static final class List implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--flow", paramLabel = "ID", description = "Only sessions of this flow.")
        String flowId;

        @Option(
                names = "--status",
                converter = StatusConverter.class,
                description = "Only sessions with this status (active, completed, cancelled).")
        String status;

        @Option(names = "--limit", defaultValue = "50", description = "Page size (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--cursor", description = "Continue after the page that printed this cursor.")
        String cursor;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (VersionedStore s = StoreOpener.openExisting(store.uri, store.keyFile)) {
                SessionPage page = Sessions.of(s).list(query(flowId, status, cursor, limit));
                out.printf("%-24s %-40s %-10s %-24s %s%n", "FLOW", "SESSION", "STATUS", "UPDATED", "EXPIRES");
                for (SessionSummary session : page.sessions()) {
                    out.printf(
                            "%-24s %-40s %-10s %-24s %s%n",
                            session.flowId(),
                            session.sessionId(),
                            session.status().label(),
                            session.updatedAt(),
                            session.expiresAt());
                }
                for (Page.Unreadable bad : page.unreadable()) {
                    out.printf("unreadable %s: %s%n", bad.location(), bad.reason());
                }
                if (page.hasMore()) {
                    out.printf("more: add --cursor %s%n", page.nextCursor());
                }
            }
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description = "Print one session's stored record, by its id or by the hash logs print for it.")
    static final class Show implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--flow", required = true, paramLabel = "ID", description = "The session's flow.")
        String flowId;

        @Parameters(
                paramLabel = "SESSION",
                description = "The session id, or its hash as logs print it (session=0123456789).")
        String sessionId;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** What logs print for a session ({@link SessionFingerprint}): 10 lower-case hex digits. */
        private static final Pattern HASH = Pattern.compile("[0-9a-f]{10}");

        /**
         * The id of the flow's session whose hash is {@code hash}, found by listing the flow's
         * sessions (logs never hold the id itself); null when none has it.
         *
         * @throws IllegalArgumentException when several sessions share the hash
         */
        private String byHash(Sessions sessions, String hash) {
            ArrayList<String> found = new ArrayList<>();
            for (SessionQuery next = query(flowId, null, null, 200); next != null; ) {
                SessionPage page = sessions.list(next);
                for (SessionSummary session : page.sessions()) {
                    if (SessionFingerprint.of(session.sessionId()).equals(hash)) {
                        found.add(session.sessionId());
                    }
                }
                next = page.hasMore() ? next.after(page) : null;
            }
            if (found.size() > 1) {
                throw new IllegalArgumentException("sessions " + String.join(", ", found) + " of flow '" + flowId
                        + "' share the hash " + hash + "; show one by its id");
            }
            return found.isEmpty() ? null : found.get(0);
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (VersionedStore s = StoreOpener.openExisting(store.uri, store.keyFile)) {
                Sessions sessions = Sessions.of(s);
                String id = sessionId;
                Optional<Stored> stored = sessions.record(flowId, id);
                if (stored.isEmpty() && HASH.matcher(id).matches()) {
                    id = byHash(sessions, id);
                    stored = id == null ? Optional.empty() : sessions.record(flowId, id);
                }
                if (stored.isEmpty()) {
                    spec.commandLine().getErr().println("no session '" + sessionId + "' of flow '" + flowId + "'");
                    return 1;
                }
                Stored r = stored.get();
                out.printf(
                        "flow: %s%nsession: %s%nhash: %s%nstatus: %s%nversion: %d%nupdated: %s%nexpires: %s%n",
                        flowId,
                        id,
                        SessionFingerprint.of(id),
                        r.attributes().status(),
                        r.version(),
                        r.updatedAt(),
                        r.expiresAt());
                try {
                    out.println(Json.pretty(Json.parse(r.value())));
                } catch (JsonException e) {
                    out.printf("(value is not JSON: %d bytes; encrypted? pass --encrypt-key-file)%n", r.value().length);
                }
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete one session and its log.")
    static final class Delete implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--flow", required = true, paramLabel = "ID", description = "The session's flow.")
        String flowId;

        @Parameters(paramLabel = "SESSION_ID")
        String sessionId;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (VersionedStore s = StoreOpener.openExisting(store.uri, store.keyFile)) {
                boolean existed = Sessions.of(s).delete(flowId, sessionId);
                spec.commandLine().getOut().println(existed ? "deleted" : "no such session");
                return existed ? 0 : 1;
            }
        }
    }
}
