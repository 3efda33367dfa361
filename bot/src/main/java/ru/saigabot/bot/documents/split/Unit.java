package ru.saigabot.bot.documents.split;

/**
 * A sentence, or a piece of one too long to keep whole: what passages are made of.
 *
 * @param start           its first char in the part's text
 * @param end             past its last char
 * @param tokens          its length as measured alone
 * @param paragraphStart  whether it begins a paragraph
 * @param paragraphTokens when it begins a paragraph, the sum of that paragraph's units' tokens
 */
record Unit(int start, int end, int tokens, boolean paragraphStart, int paragraphTokens) {
}
