package dev.stepwise.server;

import dev.stepwise.engine.SessionPage;
import dev.stepwise.engine.SessionQuery;
import dev.stepwise.engine.SessionSummary;
import dev.stepwise.engine.Sessions;
import dev.stepwise.json.Json;
import dev.stepwise.scope.SessionKeys;
import dev.stepwise.store.Page;
import dev.stepwise.store.VersionedStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code stepwise sessions purge}: counts the sessions matching the filters, then, with
 * {@code --yes}, deletes them with their logs and resources. Both passes show their progress like
 * {@code export} (a bar on a terminal, plain or JSON lines otherwise); the summary goes to standard
 * output.
 */
@Command(
        name = "purge",
        mixinStandardHelpOptions = true,
        description = "Delete every session matching the filters (all sessions without filters).")
final class SessionsPurge implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--flow", paramLabel = "ID", description = "Only sessions of this flow.")
    String flowId;

    @Option(
            names = "--status",
            converter = StatusConverter.class,
            description = "Only sessions with this status (active, completed, cancelled).")
    String status;

    @Option(names = "--yes", description = "Really delete (without it, only count).")
    boolean yes;

    @Mixin
    ProgressOptions reporting;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        long matched = 0;
        long deleted = 0;
        try (VersionedStore s = StoreOpener.openExisting(store.uri, store.keyFile)) {
            Sessions sessions = Sessions.of(s);
            SessionQuery query = SessionsCommand.query(flowId, status, null, 200);
            try (Progress progress = reporting.open(err, "count")) {
                for (SessionQuery next = query; next != null; ) {
                    SessionPage page = sessions.list(next);
                    for (SessionSummary session : page.sessions()) {
                        progress.step(RecordWalk.position(SessionKeys.key(session.flowId(), session.sessionId())));
                        matched++;
                    }
                    // undecodable records match too: purge deletes them with the rest
                    for (Page.Unreadable bad : page.unreadable()) {
                        progress.step(bad.location());
                        matched++;
                    }
                    next = page.hasMore() ? next.after(page) : null;
                }
            }
            if (yes) {
                try (Progress progress = reporting.open(err, "purge")) {
                    deleted = sessions.purge(query, key -> progress.step(RecordWalk.position(key)));
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary(matched, deleted));
        out.flush();
        return 0;
    }

    private String summary(long matched, long deleted) {
        if (reporting.json) {
            ObjectNode node = Json.object();
            node.put("matched", matched);
            node.put("deleted", deleted);
            node.put("dryRun", !yes);
            return Json.text(node);
        }
        return yes
                ? "deleted " + deleted + " of " + matched + " matching sessions"
                : matched + " sessions match; add --yes to delete them";
    }
}
