package dev.stepwise.store.redis;

/** The store's Lua scripts, loaded from the class path once per store. */
record Scripts(LuaScript write, LuaScript delete, LuaScript items, LuaScript list) {

    static Scripts load() {
        return new Scripts(
                LuaScript.load("write"), LuaScript.load("delete"), LuaScript.load("items"), LuaScript.load("list"));
    }
}
