package dev.stepwise.it.crash;

import dev.stepwise.engine.FlowCall;
import dev.stepwise.engine.FlowEngine;
import dev.stepwise.engine.FlowResponse;
import dev.stepwise.it.flows.CounterFlow;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The child JVM of {@link CrashSafetyTest}: drives counter sessions on a store until it is killed,
 * printing {@code TRY session} before each continue and {@code ACK session} once the engine has
 * answered it (the acknowledgement a host would have seen).
 *
 * <p>Arguments: store URI, session id prefix, sessions, threads.
 */
public final class CrashDriver {

    private CrashDriver() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        String prefix = args[1];
        int sessions = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        VersionedStore store = StoreProviders.open(args[0]);
        FlowEngine engine =
                FlowEngine.builder().store(store).register(CounterFlow.flow()).build();
        for (int i = 0; i < sessions; i++) {
            FlowResponse started = engine.call(
                    FlowCall.start(CounterFlow.ID).sessionId(prefix + i).build());
            if (!"interrupt".equals(started.status())) {
                out.println("ERR start " + started.toJson(true));
                System.exit(3);
            }
        }
        out.println("READY");
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int first = t;
            workers[t] = new Thread(
                    () -> {
                        for (int i = first; ; i = (i + threads) % sessions) {
                            String session = prefix + i;
                            String requestId = UUID.randomUUID().toString();
                            synchronized (out) {
                                out.println("TRY " + session);
                            }
                            while (true) {
                                FlowResponse r = engine.call(FlowCall.resume(CounterFlow.ID, session)
                                        .update("delta", 1)
                                        .requestId(requestId)
                                        .build());
                                if (r instanceof FlowResponse.Failed failed) {
                                    if (failed.retryable()) {
                                        continue;
                                    }
                                    out.println("ERR " + failed.toJson(true));
                                    System.exit(3);
                                }
                                synchronized (out) {
                                    out.println("ACK " + session);
                                }
                                break;
                            }
                        }
                    },
                    "driver-" + t);
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
    }
}
