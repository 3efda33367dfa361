/**
 * File bytes to text by page or section, for questions over a user's documents: {@link
 * ru.saigabot.bot.documents.read.DocumentReader} reads PDF (PDFBox), DOCX (POI), HTML (jsoup), TXT and Markdown into
 * a {@link ru.saigabot.bot.documents.read.ReadDocument}, or refuses the file with a {@link
 * ru.saigabot.bot.documents.read.DocumentRefused} whose reason the bot words for the user. No database, no network:
 * the caller stores what comes out, and {@link ru.saigabot.bot.documents.split} cuts it into passages.
 */
package ru.saigabot.bot.documents.read;
