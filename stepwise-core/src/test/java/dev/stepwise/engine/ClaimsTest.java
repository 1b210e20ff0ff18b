package dev.stepwise.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stepwise.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The claims a record carries: changes are copies, releases take exactly the owner's leases. */
class ClaimsTest {

    private static final Lease MINE = new Lease("me", 1_000);
    private static final Lease THEIRS = new Lease("them", 2_000);

    private static ObjectNode claims() {
        ObjectNode claims = Claims.withRequest(Claims.none(), "r1", MINE);
        claims = Claims.withRequest(claims, "r2", THEIRS);
        return Claims.withOnce(claims, "charge", MINE);
    }

    @Test
    void releasingAnOwnerTakesItsLeasesOnlyAndLeavesTheOriginal() {
        ObjectNode claims = claims();
        String before = Json.text(claims);

        ObjectNode released = Claims.withoutOwner(claims, "me");

        assertEquals("{\"requests\":{\"r2\":{\"owner\":\"them\",\"until\":2000}}}", Json.text(released));
        assertEquals(before, Json.text(claims));
        assertTrue(Claims.held(claims, "me"));
        assertFalse(Claims.held(released, "me"));
        assertTrue(Claims.held(released, "them"));
        assertEquals(Json.object(), Claims.withoutOwner(released, "them"));
    }

    @Test
    void nothingToReleaseOrDropGivesTheSameClaimsBack() {
        ObjectNode claims = Claims.withRequest(Claims.none(), "r2", THEIRS);
        assertFalse(Claims.held(claims, "me"));
        assertSame(claims, Claims.withoutOwner(claims, "me"));
        assertSame(claims, Claims.withoutAnyOnce(claims));
    }

    @Test
    void aNewRunDropsEveryOnceClaimAndKeepsTheRequests() {
        ObjectNode claims = claims();
        ObjectNode next = Claims.withoutAnyOnce(claims);
        assertEquals(
                "{\"requests\":{\"r1\":{\"owner\":\"me\",\"until\":1000},"
                        + "\"r2\":{\"owner\":\"them\",\"until\":2000}}}",
                Json.text(next));
        assertEquals(MINE, Claims.once(claims, "charge"));
    }

    @Test
    void aMalformedLeaseIsHeldByNobody() {
        ObjectNode claims = (ObjectNode) Json.parse("{\"requests\":{\"r1\":{\"owner\":7},\"r2\":\"x\"}}");
        assertFalse(Claims.held(claims, "7"));
        assertSame(claims, Claims.withoutOwner(claims, "7"));
    }
}
