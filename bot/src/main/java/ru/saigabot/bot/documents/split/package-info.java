/**
 * A read document to passages of about a model's chosen number of tokens, at paragraph and sentence boundaries, with
 * a sentence of overlap: {@link ru.saigabot.bot.documents.split.PassageSplitter}, counting tokens with the model's
 * tokenizer or {@link ru.saigabot.bot.documents.split.EstimatedTokens}.
 */
package ru.saigabot.bot.documents.split;
