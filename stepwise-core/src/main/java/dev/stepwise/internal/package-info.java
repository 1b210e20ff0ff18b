/**
 * Implementation shared between core's packages; not exported by the module and not API: it may
 * change in any release. Other modules must not use it (an ArchUnit rule checks).
 */
@NullMarked
package dev.stepwise.internal;

import org.jspecify.annotations.NullMarked;
