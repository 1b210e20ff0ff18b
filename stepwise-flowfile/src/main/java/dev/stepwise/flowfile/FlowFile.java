package dev.stepwise.flowfile;

import dev.stepwise.flow.Flow;

/**
 * A loaded flow file: the flow and its versioning policy.
 *
 * @param flow       the flow, an ordinary {@link Flow}
 * @param versioning what a server does with sessions of its older versions
 */
public record FlowFile(Flow flow, Versioning versioning) {}
