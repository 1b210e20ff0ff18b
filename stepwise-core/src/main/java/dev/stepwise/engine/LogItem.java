package dev.stepwise.engine;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * One entry of a session's conversation log.
 *
 * @param seq     position in the session's log; 0 for a transient item, which is never stored
 * @param kind    {@link #USER}, {@link #ASSISTANT}, {@link #TOOL}, {@link #STATE_CHANGE}, {@link #STATUS} or a custom kind
 * @param at      when it happened
 * @param payload what happened, as JSON
 */
public record LogItem(long seq, String kind, Instant at, JsonNode payload) {

    /** What the user said (the intent of a start). */
    public static final String USER = "user";
    /** What the assistant said, as reported by node code or the host. */
    public static final String ASSISTANT = "assistant";
    /** A flow tool call: its action and state updates. */
    public static final String TOOL = "tool";
    /** Fields a turn changed, with their new values (transient unless configured). */
    public static final String STATE_CHANGE = "state_change";
    /** The status a turn ended in (always transient). */
    public static final String STATUS = "status";

    /** Whether the item was stored (transient items are only delivered to listeners). */
    public boolean stored() {
        return seq > 0;
    }
}
