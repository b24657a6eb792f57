"""One package per external system; each translates that system's payloads into canonical events."""
