package ru.saigabot.inference.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Saiga GGUF models {@code saiga-bot models pull} knows by short name.
 *
 * <p>Sources (Hugging Face pages, as stored when this table was written):
 * <ul>
 *   <li>Repositories, file names and listed sizes: each repository's "Files and versions" page
 *       ({@code https://huggingface.co/IlyaGusev/<repo>/tree/main}) and model card.</li>
 *   <li>The one checksum: the file page of {@code IlyaGusev/saiga_mistral_7b_gguf/model-q4_K.gguf} ("Git LFS
 *       Details", SHA256), a file unchanged since the repository's initial commit a184baa.</li>
 *   <li>Templates: saiga_llama3_8b's commit "v4: ChatML -> LLama3 template" (the GGUF "v7" is later);
 *       saiga_nemo_12b's model card ("Original Mistral Nemo prompt format, but the system prompt is in the
 *       beginning"); saiga_mistral_7b uses Saiga's {@code <s>{role}\n{content}</s>} format.
 *       <b>saiga_yandexgpt_8b's format is not confirmed</b>: its model card does not state it; "llama3" is a
 *       guess from its config (eos_token_id 128009, Llama-3's end-of-turn id). Prefer the chat template
 *       embedded in the GGUF file when the bot can read it.</li>
 *   <li>Training repositories (the transformers weights each GGUF file was converted from, which
 *       {@code train prepare} fine-tunes): the "converted from" links of the GGUF repositories' model cards.
 *       saiga_mistral_7b was published as a LoRA adapter on another base model, not as merged weights, so it
 *       has none here.</li>
 * </ul>
 * No page gave the exact byte count of a current file, nor the checksum of the other three: the pages found for
 * saiga_llama3_8b and saiga_nemo_12b show the checksums of earlier uploads (v6, v2) that the current files
 * replaced, and none was found for saiga_yandexgpt_8b. Those downloads are verified against the size and
 * SHA-256 the hub reports ({@code X-Linked-Size}, {@code X-Linked-Etag}). RAM figures are estimates:
 * the file plus about 1 GB for a 4096-token context, in line with the cards' "10 GB (9 GB) of RAM for q8_0".
 */
public final class ModelCatalog {

    private static final List<CatalogModel> BUILT_IN = List.of(
            new CatalogModel("saiga_llama3_8b", "IlyaGusev/saiga_llama3_8b_gguf", "model-q4_K.gguf",
                    4_920_000_000L, OptionalLong.empty(), Optional.empty(), "llama3",
                    "Llama-3 8B (v7), Q4_K, needs about 6 GB of RAM", Optional.of("IlyaGusev/saiga_llama3_8b")),
            new CatalogModel("saiga_nemo_12b", "IlyaGusev/saiga_nemo_12b_gguf", "saiga_nemo_12b.Q4_K_M.gguf",
                    7_480_000_000L, OptionalLong.empty(), Optional.empty(), "mistral",
                    "Mistral Nemo 12B (v3), Q4_K_M, needs about 9 GB of RAM", Optional.of("IlyaGusev/saiga_nemo_12b")),
            new CatalogModel("saiga_yandexgpt_8b", "IlyaGusev/saiga_yandexgpt_8b_gguf",
                    "saiga_yandexgpt_8b.Q4_K_M.gguf", 4_930_000_000L, OptionalLong.empty(), Optional.empty(),
                    "llama3", "YandexGPT-5 Lite 8B, Q4_K_M, needs about 6 GB of RAM (chat format unconfirmed)",
                    Optional.of("IlyaGusev/saiga_yandexgpt_8b")),
            new CatalogModel("saiga_mistral_7b", "IlyaGusev/saiga_mistral_7b_gguf", "model-q4_K.gguf",
                    4_370_000_000L, OptionalLong.empty(),
                    Optional.of("2798f33ff63c791a21f05c1ee9a10bc95630b17225c140c197188a3d5cf32644"), "saiga_v2",
                    "Mistral 7B, Q4_K, needs about 6 GB of RAM"));

    private final List<CatalogModel> ordered;
    private final Map<String, CatalogModel> byName;

    /** A catalog of the given models, in this order; names must be unique. */
    public ModelCatalog(List<CatalogModel> models) {
        Map<String, CatalogModel> map = new LinkedHashMap<>();
        for (CatalogModel model : models) {
            if (map.putIfAbsent(model.name(), model) != null) {
                throw new IllegalArgumentException("model name '" + model.name() + "' appears twice in the catalog");
            }
        }
        this.ordered = List.copyOf(models);
        this.byName = Map.copyOf(map);
    }

    /** The models this version of saiga-bot ships with. */
    public static ModelCatalog builtIn() {
        return new ModelCatalog(BUILT_IN);
    }

    /** All models, in catalog order. */
    public List<CatalogModel> models() {
        return ordered;
    }

    public Optional<CatalogModel> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The short names, in catalog order, for "unknown model" messages. */
    public List<String> names() {
        return ordered.stream().map(CatalogModel::name).toList();
    }
}
