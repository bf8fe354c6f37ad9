package org.xwebpreferences.auth;

/** An xWeb user: a program that calls the service. */
public record User(long id, String name, String passwordHash, boolean enabled) {

    @Override
    public String toString() {
        return "User[id=" + id + ", name=" + name + ", enabled=" + enabled + "]";
    }
}
