package ru.saigabot.inference.llama;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.LogLevel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.saigabot.inference.ChatMessage;
import ru.saigabot.inference.ChatRequest;
import ru.saigabot.inference.Generation;
import ru.saigabot.inference.GenerationListener;
import ru.saigabot.inference.InferenceEngine;
import ru.saigabot.inference.InferenceException;
import ru.saigabot.inference.cache.PromptCacheLedger;
import ru.saigabot.inference.context.ContextBudget;
import ru.saigabot.inference.context.LlamaTokenCounter;
import ru.saigabot.inference.context.PromptStarts;
import ru.saigabot.inference.context.TokenCounter;
import ru.saigabot.inference.gguf.GgufFile;
import ru.saigabot.inference.gguf.GgufFormatException;
import ru.saigabot.inference.gguf.GgufReader;
import ru.saigabot.inference.gguf.LoraCompatibility;
import ru.saigabot.inference.schedule.SlotScheduler;
import ru.saigabot.inference.template.ChatTemplate;
import ru.saigabot.inference.template.ChatTemplates;
import ru.saigabot.inference.template.EmbeddedTemplate;
import ru.saigabot.inference.template.LlamaTemplateRenderer;
import ru.saigabot.inference.template.TemplateDetection;
import ru.saigabot.inference.text.SpecialTokenText;

/**
 * One GGUF model loaded once (memory-mapped) and served through llama.cpp's parallel slots: one
 * worker thread per slot feeds the native server, which batches the slots together.
 */
public final class LlamaEngine implements InferenceEngine {
    private static final Logger log = LoggerFactory.getLogger(LlamaEngine.class);
    private static final Logger nativeLog = LoggerFactory.getLogger("llama.cpp");
    /** Requests that may wait for a slot; beyond that a request is refused as busy at once. */
    private static final int QUEUE_CAPACITY = 256;
    /** One answer at a time per requester, so nobody's burst of messages takes every slot. */
    private static final int MAX_RUNNING_PER_REQUESTER = 1;
    /**
     * The fewest positions the KV cache is made with. llama.cpp (b4916) never defragments a cache smaller than this,
     * and slots that generate together, or a shifted chunk, leave holes in it until a request finds no room and fails
     * ("Input prompt is too big compared to KV size") long before its slot is full. Each slot still takes only
     * {@code --ctx-size} positions; the rest is headroom.
     */
    static final int MIN_KV_CELLS = 2048;
    /** Conversations whose prompt start is remembered: a few dozen bytes each. */
    private static final int CONVERSATIONS_REMEMBERED = 100_000;

    private final LlamaEngineConfig config;
    private final LlamaModel model;
    private final EngineParts parts;
    private final SlotScheduler<LlamaGeneration> scheduler;
    private final java.util.Set<LlamaGeneration> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LlamaEngine(LlamaEngineConfig config, LlamaModel model, ChatTemplate template, TokenCounter counter) {
        this.config = config;
        this.model = model;
        Map<String, Integer> adapterIds = new HashMap<>();
        for (int i = 0; i < config.adapters().size(); i++) {
            adapterIds.put(config.adapters().get(i).name(), i);
        }
        this.parts = new EngineParts(model, stripExtension(config.model().getFileName().toString()), config, template,
                counter, new PromptCacheLedger(config.slots(), config.cacheReuse()), adapterIds,
                new PromptStarts(CONVERSATIONS_REMEMBERED), new JsonGrammars());
        this.scheduler = new SlotScheduler<>("llama", config.slots(), config.running(), QUEUE_CAPACITY,
                MAX_RUNNING_PER_REQUESTER);
    }

    /**
     * Loads the model and its LoRA adapters; throws {@link InferenceException} with a readable reason when it cannot.
     *
     * <p>At most one adapter: java-llama.cpp 4.2.0 keeps load options in a map keyed by flag, so a second
     * {@code addLoraAdapter} replaces the first. Its {@code addLoraScaledAdapter} is worse: it passes "FILE,SCALE"
     * as one argument where llama.cpp (b4916) expects two, llama.cpp's parser fails ("stof"), and java-llama.cpp
     * then returns a model without a native context, which crashes the JVM on first use. Scales are set per request.
     */
    public static LlamaEngine load(LlamaEngineConfig config) {
        GgufFile file;
        try {
            file = GgufReader.validate(config.model());
            checkAdapters(file, config.adapters());
            config.kvCacheType().checkHeads(file.metadata(), config.model().toString());
        } catch (GgufFormatException e) {
            throw new InferenceException(e.getMessage(), e);
        }
        TemplateDetection detection = config.template().equals(LlamaEngineConfig.AUTO_TEMPLATE)
                ? ChatTemplates.detect(file.metadata())
                : new TemplateDetection(ChatTemplates.byName(config.template()), TemplateDetection.Outcome.RECOGNISED,
                        "chosen with --template");
        NativeLibrary.preparePrivateDirectory();
        // llama.cpp prints hundreds of lines while loading: keep them, but at DEBUG.
        LlamaModel.setLogger(LogFormat.TEXT, LlamaEngine::logNative);
        NativeLibrary.removeUnpackedCopy(); // loaded by LlamaModel's static initialiser, just now
        ModelParameters parameters = new ModelParameters()
                .setModel(config.model().toString())
                .setParallel(config.slots())
                .setCtxSize(Math.max(MIN_KV_CELLS, config.ctxSize() * config.slots()))
                .setThreads(config.threads())
                .setThreadsBatch(config.threads())
                .setGpuLayers(0)
                // Without flash attention llama.cpp keeps a scratch of n_ctx × n_ubatch × n_head floats for the
                // attention scores: 1 GiB for an 8B model with 4 slots of 4096, more than its KV cache. Flash
                // attention computes them block by block (CPU kernels included) and needs almost none.
                .enableFlashAttn()
                .setCacheTypeK(config.kvCacheType().nativeType())
                .setCacheTypeV(config.kvCacheType().nativeType());
        if (config.promptCache() && config.cacheReuse() > 0) {
            // When a long conversation drops its oldest turns, the turns after them are still in the slot's cache at
            // later positions: llama.cpp moves runs of at least this many tokens into place instead of evaluating them
            // (MIN_KV_CELLS keeps the holes this leaves from failing a request).
            parameters.setCacheReuse(config.cacheReuse());
        }
        // Every request sets each adapter's scale (0 = off), so loading one does not change the base model's answers.
        config.adapters().forEach(adapter -> parameters.addLoraAdapter(adapter.file().toString()));
        if (config.nativeLog() != null) {
            parameters.setLogFile(config.nativeLog().toString());
        }
        if (detection.template() instanceof EmbeddedTemplate) {
            // Without Jinja, llama.cpp b4916 silently renders an unknown template as ChatML.
            parameters.enableJinja();
        }
        long started = System.nanoTime();
        LlamaModel model;
        try {
            model = new LlamaModel(parameters);
        } catch (RuntimeException e) {
            throw new InferenceException("llama.cpp could not load the model " + config.model()
                    + (config.adapters().isEmpty() ? "" : " with the LoRA adapters " + config.adapters())
                    + " (" + e.getMessage() + "); check that it is a complete GGUF file of a supported architecture"
                    + (config.adapters().isEmpty() ? "" : " and that the adapters were converted for it"), e);
        }
        // Loading installs llama.cpp's own logger (stdout); take the runtime messages back.
        LlamaModel.setLogger(LogFormat.TEXT, LlamaEngine::logNative);
        ChatTemplate chosen = detection.template() instanceof EmbeddedTemplate
                ? ((EmbeddedTemplate) detection.template()).bind(new LlamaTemplateRenderer(model))
                : detection.template();
        // llama.cpp parses special tokens in the whole prompt, so a "</s>" or "<|eot_id|>" typed in a message would
        // become the control token and forge a turn (issue #16): every prompt is rendered from neutralised contents.
        SpecialTokenText special = ChatTemplates.specialTokens(file.metadata(), chosen);
        ChatTemplate template = ChatTemplates.guarded(chosen, special);
        if (detection.outcome() == TemplateDetection.Outcome.DEFAULTED) {
            log.warn("chat template assumed: template={} reason={}",
                    template.name(), detection.reason());
        }
        log.info("model loaded: file={} template={} template_reason=\"{}\" special_strings={} slots={} threads={} "
                        + "running={} ctx_per_slot={} prompt_cache={} cache_reuse={} kv_cache={} lora={} load_ms={}",
                config.model(), template.name(), detection.reason(), special.strings().size(), config.slots(),
                config.running(), config.threads(),
                config.ctxSize(), config.promptCache(), config.cacheReuse(), config.kvCacheType().label(),
                config.adapters().stream().map(LoraAdapterFile::name).toList(), (System.nanoTime() - started) / 1_000_000);
        return new LlamaEngine(config, model, template, LlamaTokenCounter.forFile(model, file.metadata()));
    }

    @Override
    public Generation submit(ChatRequest request, GenerationListener listener) {
        if (closed) {
            throw new InferenceException("the inference engine is shut down; the request was not accepted");
        }
        LlamaGeneration generation = new LlamaGeneration(parts, request, listener, live::remove, scheduler::cancel);
        live.add(generation);
        // Fitted and tokenized before it waits, so that the scheduler can send it to the slot caching most of it.
        if (!generation.prepare()) {
            return generation;
        }
        try {
            scheduler.submit(generation);
        } catch (InferenceException e) {
            live.remove(generation);
            throw e;
        }
        return generation;
    }

    /**
     * The size in tokens of a prompt made of all of {@code messages} (none dropped), rendered with this model's chat
     * template and counted as llama.cpp will read it, BOS included: what {@code saiga-bot bench} needs to tell how
     * much text a turn adds.
     */
    public int promptTokens(java.util.List<ChatMessage> messages) {
        return ContextBudget.fit(messages, parts.template(), parts.counter(), Integer.MAX_VALUE, 0).promptTokens();
    }

    @Override
    public String modelName() {
        return parts.modelName();
    }

    /** The names of the LoRA adapters requests may apply. */
    @Override
    public java.util.List<String> adapters() {
        return config.adapters().stream().map(LoraAdapterFile::name).toList();
    }

    /**
     * Cancels every generation, waits for the slot threads to leave native code, then releases the
     * model. Closing the model while a thread still waits on it would leave that thread blocked forever.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        live.forEach(LlamaGeneration::cancel);
        if (!scheduler.close(Duration.ofSeconds(8))) {
            log.warn("generations did not stop within 8 s; releasing the model anyway");
        }
        model.close();
        log.info("model closed: file={}", config.model());
    }

    private static void checkAdapters(GgufFile base, java.util.List<LoraAdapterFile> adapters)
            throws GgufFormatException {
        if (adapters.size() > 1) {
            throw new GgufFormatException(adapters.get(1).file(), "cannot be loaded: java-llama.cpp 4.2.0 loads at "
                    + "most one LoRA adapter per model (its options map keeps one --lora); load another engine "
                    + "for a second adapter");
        }
        for (LoraAdapterFile adapter : adapters) {
            int matrices = LoraCompatibility.check(base, GgufReader.validate(adapter.file()));
            log.info("LoRA adapter checked: name={} file={} matrices={}", adapter.name(), adapter.file(), matrices);
        }
    }

    private static void logNative(LogLevel level, String text) {
        String line = text.strip();
        if (line.isEmpty()) {
            return;
        }
        if (level == LogLevel.ERROR) {
            nativeLog.warn(line);
        } else {
            nativeLog.debug(line);
        }
    }

    private static String stripExtension(String fileName) {
        return fileName.endsWith(".gguf") ? fileName.substring(0, fileName.length() - 5) : fileName;
    }
}
