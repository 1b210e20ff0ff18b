package dev.stepwise.store.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A Lua script run by digest ({@code EVALSHA}); when a node answers {@code NOSCRIPT} (first use,
 * restart, failover, {@code SCRIPT FLUSH}) it is sent once in full ({@code EVAL}), which also
 * caches it on that node. Routing in a cluster follows the first key.
 */
final class LuaScript {

    private final String name;
    private final byte[] source;
    private final String sha;

    private LuaScript(String name, byte[] source) {
        this.name = name;
        this.source = source;
        try {
            this.sha =
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    static LuaScript load(String name) {
        try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("script " + name + ".lua is missing from the class path");
            }
            return new LuaScript(name, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + name, e);
        }
    }

    String name() {
        return name;
    }

    CompletableFuture<List<Object>> run(
            RedisClusterAsyncCommands<byte[], byte[]> redis, byte[][] keys, byte[]... args) {
        CompletableFuture<List<Object>> bySha = redis.<List<Object>>evalsha(sha, ScriptOutputType.MULTI, keys, args)
                .toCompletableFuture();
        // one dependent stage (handle + thenCompose made three futures per call)
        return bySha.exceptionallyCompose(failure -> {
            if (Failures.unwrap(failure) instanceof RedisNoScriptException) {
                return redis.<List<Object>>eval(source, ScriptOutputType.MULTI, keys, args)
                        .toCompletableFuture();
            }
            return CompletableFuture.failedFuture(failure);
        });
    }
}
