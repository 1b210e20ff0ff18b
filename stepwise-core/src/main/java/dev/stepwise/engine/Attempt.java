package dev.stepwise.engine;

import dev.stepwise.store.Expect;
import dev.stepwise.store.StoreKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;

/**
 * One attempt at a call, as loaded from the store: what the turn starts from and the condition its
 * save must meet. An attempt that loses the compare-and-set race is discarded and the call loads a
 * new one.
 *
 * @param call              the call
 * @param sessionId         the session (generated when a start named none)
 * @param key               the session's record key
 * @param meta              the response meta to use before the turn knows more
 * @param expect            the condition as loaded: the version (after this call's requestId claim, if it wrote
 *                          one), absent, or any (replacing an unreadable record); the save writes over
 *                          {@code claims.expected()}, which a {@code ctx.once} claim of this attempt moves on
 * @param record            the stored session, or null when there is none (or it is unreadable)
 * @param unreadableItemSeq the last log seq of an unreadable record being replaced, else 0
 * @param claims            what the call carries across attempts for exactly-once: its owner token, the
 *                          {@code ctx.once} outcomes of earlier attempts, the version this attempt saves over
 * @param leftovers         outbox entries of the stored session that could not be applied yet
 */
record Attempt(
        FlowCall call,
        String sessionId,
        StoreKey key,
        FlowResponse.Meta meta,
        Expect expect,
        @Nullable SessionRecord record,
        long unreadableItemSeq,
        CallClaims claims,
        ArrayNode leftovers) {

    /** The user the session belongs to: its stored owner, else the caller. */
    @Nullable String userId() {
        return record != null && record.userId() != null ? record.userId() : call.userId();
    }
}
