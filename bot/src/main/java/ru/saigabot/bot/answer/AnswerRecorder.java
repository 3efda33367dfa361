package ru.saigabot.bot.answer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.bot.generation.AnswerStatus;
import ru.saigabot.bot.generation.FinishedAnswer;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.generation.RequestEnded;
import ru.saigabot.bot.store.Database;
import ru.saigabot.bot.store.StoreException;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.GenerationResult;

/** Records each step of an answer's life in the database, through the generation repository's transitions. */
public final class AnswerRecorder {
    private static final Logger log = LoggerFactory.getLogger(AnswerRecorder.class);

    private final Database database;
    private final GenerationRepository generations;
    private final PromptAssembler assembler;
    private final ObjectMapper json;

    public AnswerRecorder(Database database, GenerationRepository generations, PromptAssembler assembler, ObjectMapper json) {
        this.database = database;
        this.generations = generations;
        this.assembler = assembler;
        this.json = json;
    }

    /**
     * Marks the request running, shown in {@code placeholder}, and builds its prompt, on one connection. Empty when
     * the request is gone (/forget, retention) or already answered.
     */
    Optional<ChatRequest> start(GenerationJob job, Long placeholder) {
        return database.query(connection -> generations.start(connection, job.id(), placeholder)
                ? Optional.of(assembler.assemble(connection, job)) : Optional.empty());
    }

    /** Stores the answer as it was shown and closes the request. */
    void finish(GenerationJob job, ChatRequest request, GenerationResult result, Delivered delivered) {
        FinishedAnswer answer = delivered.empty()
                ? new FinishedAnswer("", AnswerStatus.FAILED, result.model(), paramsJson(request), result.stats(),
                        delivered.messageId(), "the model produced no text")
                : new FinishedAnswer(result.text().strip(), AnswerStatus.of(result.finishReason()), result.model(),
                        paramsJson(request), result.stats(), delivered.messageId(), null);
        try {
            if (job.arena() == null) {
                database.autoCommit(tx -> generations.finish(tx, job, answer)); // one statement
            } else {
                database.transact(tx -> generations.finish(tx, job, answer)); // a battle's side also fills its task
            }
        } catch (StoreException e) {
            if (!(e.getCause() instanceof RequestEnded)) {
                throw e;
            }
            // Its question was deleted (/forget, retention) while the answer was written: it was shown, but has
            // nothing left to belong to.
            log.info("answer shown but not stored, its request is gone: chat_id={} generation_id={}", job.chatId(),
                    job.id());
        }
    }

    /** Closes a request that got no answer. */
    void fail(GenerationJob job, String error) {
        database.query(connection -> {
            generations.fail(connection, job.id(), error);
            return null;
        });
    }

    private String paramsJson(ChatRequest request) {
        try {
            return json.writeValueAsString(request.params());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("generation parameters cannot be serialised", e);
        }
    }
}
