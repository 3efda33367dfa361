package ru.saigabot.inference.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import ru.saigabot.inference.template.ChatTemplates;

class ModelCatalogTest {

    private final ModelCatalog catalog = ModelCatalog.builtIn();

    @Test
    void knowsTheFourSaigaModelsUnderUniqueNames() {
        assertThat(catalog.names()).contains("saiga_llama3_8b", "saiga_nemo_12b", "saiga_yandexgpt_8b", "saiga_mistral_7b");
        assertThat(new HashSet<>(catalog.names())).hasSameSizeAs(catalog.names());
        assertThat(catalog.models()).extracting(CatalogModel::remoteFile).doesNotHaveDuplicates();
    }

    @Test
    void everyEntryIsAPlausibleSaigaGguf() {
        assertThat(catalog.models()).allSatisfy(model -> {
            assertThat(model.repository()).startsWith("IlyaGusev/saiga_").endsWith("_gguf");
            assertThat(model.file()).endsWith(".gguf");
            assertThat(model.listedBytes()).isBetween(1_000_000_000L, 20_000_000_000L);
            assertThat(CatalogModel.TEMPLATES).contains(model.template());
            assertThat(model.description()).isNotBlank().doesNotContain("\n").containsIgnoringCase("RAM");
            model.sha256().ifPresent(sha -> assertThat(sha).matches("[0-9a-f]{64}"));
            model.exactBytes().ifPresent(size -> assertThat(size).isCloseTo(model.listedBytes(),
                    org.assertj.core.data.Percentage.withPercentage(1)));
        });
    }

    @Test
    void templatesFollowTheModelCards() {
        assertThat(catalog.find("saiga_llama3_8b")).map(CatalogModel::template).contains("llama3");
        assertThat(catalog.find("saiga_mistral_7b")).map(CatalogModel::template).contains("saiga_v2");
        assertThat(catalog.find("saiga_nemo_12b")).map(CatalogModel::template).contains("mistral");
    }

    @Test
    void everyTemplateNameIsOneTheBotCanRender() {
        assertThat(ChatTemplates.NAMES).containsAll(CatalogModel.TEMPLATES);
    }

    @Test
    void findsByExactNameOnly() {
        assertThat(catalog.find("saiga_nemo_12b")).map(CatalogModel::file).contains("saiga_nemo_12b.Q4_K_M.gguf");
        assertThat(catalog.find("SAIGA_NEMO_12B")).isEmpty();
        assertThat(catalog.find("nemo")).isEmpty();
    }

    @Test
    void theRemoteFileCarriesWhatIsKnownForChecking() {
        CatalogModel mistral = catalog.find("saiga_mistral_7b").orElseThrow();
        RemoteFile file = mistral.remoteFile();

        assertThat(file.repository()).isEqualTo("IlyaGusev/saiga_mistral_7b_gguf");
        assertThat(file.sha256()).isEqualTo(mistral.sha256());
        assertThat(file.size()).isEqualTo(mistral.exactBytes());
        assertThat(mistral.approximateBytes()).isEqualTo(4_370_000_000L);
    }

    @Test
    void downloadsOfDifferentRepositoriesDoNotCollide() {
        Path dir = Path.of("/models");
        RemoteFile llama = catalog.find("saiga_llama3_8b").orElseThrow().remoteFile();
        RemoteFile mistral = catalog.find("saiga_mistral_7b").orElseThrow().remoteFile();

        assertThat(llama.file()).isEqualTo(mistral.file()); // both are model-q4_K.gguf
        assertThat(llama.localPath(dir)).isEqualTo(Path.of("/models/IlyaGusev/saiga_llama3_8b_gguf/model-q4_K.gguf"));
        assertThat(llama.partPath(dir)).isEqualTo(Path.of("/models/IlyaGusev/saiga_llama3_8b_gguf/model-q4_K.gguf.part"));
        assertThat(llama.localPath(dir)).isNotEqualTo(mistral.localPath(dir));
    }

    @Test
    void refusesDuplicateNames() {
        CatalogModel model = catalog.models().get(0);

        assertThatThrownBy(() -> new ModelCatalog(List.of(model, model)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(model.name());
    }

    @Test
    void refusesEntriesThatCouldEscapeTheModelsDirectoryOrAreMalformed() {
        assertThatThrownBy(() -> entry("x", "IlyaGusev/repo", "../evil.gguf", "llama3")).hasMessageContaining("file");
        assertThatThrownBy(() -> entry("x", "IlyaGusev/../..", "m.gguf", "llama3")).hasMessageContaining("repository");
        assertThatThrownBy(() -> entry("x", "no-owner", "m.gguf", "llama3")).hasMessageContaining("repository");
        assertThatThrownBy(() -> entry("x", "IlyaGusev/repo", "sub/m.gguf", "llama3")).hasMessageContaining("file");
        assertThatThrownBy(() -> entry("Bad Name", "IlyaGusev/repo", "m.gguf", "llama3")).hasMessageContaining("name");
        assertThatThrownBy(() -> entry("x", "IlyaGusev/repo", "m.gguf", "alpaca")).hasMessageContaining("template");
        assertThatThrownBy(() -> new RemoteFile("a/b", "m.gguf", OptionalLong.empty(), Optional.of("abc")))
                .hasMessageContaining("64 hex");
    }

    @Test
    void checksumsAreComparedInLowerCase() {
        RemoteFile file = new RemoteFile("a/b", "m.gguf", OptionalLong.empty(), Optional.of("AB".repeat(32)));

        assertThat(file.sha256()).contains("ab".repeat(32));
    }

    private static CatalogModel entry(String name, String repository, String file, String template) {
        return new CatalogModel(name, repository, file, 1_000, OptionalLong.empty(), Optional.empty(), template,
                "a model, needs 1 GB of RAM");
    }
}
