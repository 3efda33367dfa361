package ru.saigabot.inference;

/** Who said a message. Templates map these to their own role names (Saiga calls the assistant "bot"). */
public enum Role {
    SYSTEM,
    USER,
    ASSISTANT
}
