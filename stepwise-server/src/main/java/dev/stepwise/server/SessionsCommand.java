package dev.stepwise.server;

import dev.stepwise.json.Json;
import dev.stepwise.json.JsonException;
import dev.stepwise.store.DeleteResult;
import dev.stepwise.store.Expect;
import dev.stepwise.store.ListQuery;
import dev.stepwise.store.Page;
import dev.stepwise.store.RecordKind;
import dev.stepwise.store.StoreKey;
import dev.stepwise.store.Stored;
import dev.stepwise.store.VersionedStore;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stepwise sessions list|show|delete|purge}: inspect and remove sessions in any store. */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "Inspect or remove stored sessions.",
        subcommands = {SessionsCommand.List.class, SessionsCommand.Show.class, SessionsCommand.Delete.class,
                SessionsCommand.Purge.class})
final class SessionsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The stored key of a session: flow id and session id. */
    static StoreKey key(String flowId, String sessionId) {
        return StoreKey.session(flowId + ":" + sessionId);
    }

    static String flowOf(Stored stored) {
        String id = stored.key().id();
        int colon = id.indexOf(':');
        return colon < 0 ? "?" : id.substring(0, colon);
    }

    static String sessionOf(Stored stored) {
        String id = stored.key().id();
        int colon = id.indexOf(':');
        return colon < 0 ? id : id.substring(colon + 1);
    }

    static ListQuery query(String flowId, String status, String cursor, int limit) {
        ListQuery query = ListQuery.of(RecordKind.SESSION, flowId == null ? "" : flowId + ":", limit)
                .withStatus(status).withCursor(cursor);
        return flowId == null ? query : query.withFlowId(flowId);
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List sessions, a page at a time.")
    static final class List implements Callable<Integer> {
        @Mixin StoreOptions store;
        @Option(names = "--flow", paramLabel = "ID", description = "Only sessions of this flow.") String flowId;
        @Option(names = "--status", description = "Only sessions with this status (active, completed, cancelled).")
        String status;
        @Option(names = "--limit", defaultValue = "50", description = "Page size (default: ${DEFAULT-VALUE}).") int limit;
        @Option(names = "--cursor", description = "Continue after the page that printed this cursor.") String cursor;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (VersionedStore s = StoreOpener.open(store.uri, store.keyFile)) {
                Page page = s.list(query(flowId, status, cursor, limit));
                out.printf("%-24s %-40s %-10s %-24s %s%n", "FLOW", "SESSION", "STATUS", "UPDATED", "EXPIRES");
                for (Stored stored : page.records()) {
                    out.printf("%-24s %-40s %-10s %-24s %s%n", flowOf(stored), sessionOf(stored),
                            stored.attributes().status(), stored.updatedAt(), stored.expiresAt());
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

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print one session's stored record.")
    static final class Show implements Callable<Integer> {
        @Mixin StoreOptions store;
        @Option(names = "--flow", required = true, paramLabel = "ID", description = "The session's flow.") String flowId;
        @Parameters(paramLabel = "SESSION_ID") String sessionId;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (VersionedStore s = StoreOpener.open(store.uri, store.keyFile)) {
                Optional<Stored> stored = s.read(key(flowId, sessionId));
                if (stored.isEmpty()) {
                    spec.commandLine().getErr().println("no session '" + sessionId + "' of flow '" + flowId + "'");
                    return 1;
                }
                Stored r = stored.get();
                out.printf("flow: %s%nsession: %s%nstatus: %s%nversion: %d%nupdated: %s%nexpires: %s%n", flowId, sessionId,
                        r.attributes().status(), r.version(), r.updatedAt(), r.expiresAt());
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
        @Mixin StoreOptions store;
        @Option(names = "--flow", required = true, paramLabel = "ID", description = "The session's flow.") String flowId;
        @Parameters(paramLabel = "SESSION_ID") String sessionId;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (VersionedStore s = StoreOpener.open(store.uri, store.keyFile)) {
                DeleteResult result = s.delete(key(flowId, sessionId), Expect.any());
                boolean existed = result instanceof DeleteResult.Deleted d && d.existed();
                spec.commandLine().getOut().println(existed ? "deleted" : "no such session");
                return existed ? 0 : 1;
            }
        }
    }

    @Command(name = "purge", mixinStandardHelpOptions = true,
            description = "Delete every session matching the filters (all sessions without filters).")
    static final class Purge implements Callable<Integer> {
        @Mixin StoreOptions store;
        @Option(names = "--flow", paramLabel = "ID", description = "Only sessions of this flow.") String flowId;
        @Option(names = "--status", description = "Only sessions with this status.") String status;
        @Option(names = "--yes", description = "Really delete (without it, only count).") boolean yes;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            long matched = 0;
            long deleted = 0;
            try (VersionedStore s = StoreOpener.open(store.uri, store.keyFile)) {
                ListQuery query = query(flowId, status, null, 200);
                while (true) {
                    Page page = s.list(query);
                    for (Stored stored : page.records()) {
                        matched++;
                        if (yes && s.delete(stored.key(), Expect.version(stored.version()))
                                instanceof DeleteResult.Deleted) {
                            deleted++;
                        }
                    }
                    if (!page.hasMore()) {
                        break;
                    }
                    query = query.after(page);
                }
            }
            if (yes) {
                out.printf("deleted %d of %d matching sessions%n", deleted, matched);
            } else {
                out.printf("%d sessions match; add --yes to delete them%n", matched);
            }
            return 0;
        }
    }
}
