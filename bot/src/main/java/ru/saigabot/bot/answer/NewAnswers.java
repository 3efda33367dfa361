package ru.saigabot.bot.answer;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import ru.saigabot.bot.arena.LiveArena;
import ru.saigabot.bot.generation.ArenaSide;
import ru.saigabot.bot.generation.GenerationJob;
import ru.saigabot.bot.generation.GenerationRepository;
import ru.saigabot.bot.generation.GenerationRepository.Enqueued;
import ru.saigabot.bot.generation.GenerationRepository.NewQuestion;
import ru.saigabot.bot.generation.NewExchange;
import ru.saigabot.bot.generation.Origin;
import ru.saigabot.bot.generation.Place;
import ru.saigabot.bot.generation.Question;
import ru.saigabot.bot.generation.Requester;
import ru.saigabot.bot.store.LiveBattleStore;
import ru.saigabot.bot.store.Tx;

/**
 * Where handlers ask for answers: the request is stored in the update's transaction, and its chat's lane takes it
 * once that transaction has committed, so an answer never starts for a request that was rolled back.
 */
public final class NewAnswers {
    private final GenerationRepository generations;
    private final LiveBattleStore battles;
    private final LiveArena arena;
    private final AnswerService answers;

    public NewAnswers(GenerationRepository generations, LiveBattleStore battles, LiveArena arena,
                      AnswerService answers) {
        this.generations = generations;
        this.battles = battles;
        this.arena = arena;
        this.answers = answers;
    }

    /**
     * Stores a question and queues its answer, unless its author has {@code maxOpen} requests open. It becomes a
     * live battle (answered by both arena variants, "A" streamed first) when {@code battle} says so, when /arena
     * armed the chat, or when --arena-share draws it.
     */
    public Enqueued ask(Tx tx, NewQuestion question, int maxOpen, boolean battle) throws SQLException {
        Enqueued enqueued = generations.enqueueMessage(tx, question, maxOpen);
        if (!enqueued.accepted()) {
            return enqueued;
        }
        long chatId = question.place().chatId();
        List<GenerationJob> jobs = List.of(enqueued.job());
        if (battle || arena.takeArmed(chatId) || arena.drawShare()) {
            boolean leftIsA = arena.drawLeftIsA();
            LiveBattleStore.LiveTask task = battles.createLive(tx.connection(), chatId, question.authorId(),
                    question.text(), arena.variant(ArenaSide.A).spec(), arena.variant(ArenaSide.B).spec(), leftIsA);
            jobs = generations.makeBattle(tx, enqueued.job(), task.taskId(), task.voteId(),
                    leftIsA ? ArenaSide.A : ArenaSide.B);
        }
        List<GenerationJob> queued = jobs;
        tx.afterCommit(() -> queued.forEach(answers::submit));
        return enqueued;
    }

    /**
     * Stores a conversation that arrives whole (an extraction) in a conversation of its own and queues its answer,
     * unless its requester has {@code maxOpen} requests open; empty then. The chat's current conversation stays as
     * it was.
     */
    public Optional<GenerationJob> exchange(Tx tx, NewExchange exchange, int maxOpen) throws SQLException {
        Optional<GenerationJob> job = generations.enqueueExchange(tx, exchange, null, maxOpen);
        job.ifPresent(queued -> tx.afterCommit(() -> answers.submit(queued)));
        return job;
    }

    /**
     * Queues another answer to a stored question (🔄, or the question was edited); empty when one is open already.
     */
    public Optional<GenerationJob> again(Tx tx, Place place, Question question, Requester requester, Origin origin)
            throws SQLException {
        Optional<GenerationJob> job = generations.enqueueAnswer(tx, place, question, requester, origin);
        job.ifPresent(queued -> tx.afterCommit(() -> answers.submit(queued)));
        return job;
    }
}
