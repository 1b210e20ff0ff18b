package dev.stepwise.engine;

/**
 * What {@link Sessions#eraseUser(String)} removed.
 *
 * @param sessions  sessions deleted, with their logs
 * @param resources resources deleted (the user's and those of the user's sessions)
 * @param userScope whether a user scope record existed and was deleted
 */
public record Erasure(int sessions, int resources, boolean userScope) {}
