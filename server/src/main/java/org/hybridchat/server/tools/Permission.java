package org.hybridchat.server.tools;

/** Who may have a tool run: every caller, or only one who presented the admin credential. */
public enum Permission {
    USER, ADMIN
}
