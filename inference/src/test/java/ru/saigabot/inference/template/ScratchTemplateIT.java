package ru.saigabot.inference.template;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.Pair;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ru.saigabot.inference.gguf.TinyLlama;
import ru.saigabot.inference.gguf.TinyLlamaSpec;

class ScratchTemplateIT {
    @TempDir
    Path dir;

    String render(LlamaModel m) {
        return m.applyTemplate(new InferenceParameters("").setMessages("Ты — Сайга. 😀", List.of(
                new Pair<>("user", " Привет! 🦊"), new Pair<>("assistant", "Здравствуйте! "), new Pair<>("user", "Как дела?"))));
    }

    @Test
    void explore() throws Exception {
        String custom = "{% for message in messages %}{{ '### ' + message['role'] + ': ' + message['content'] + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '### assistant:' }}{% endif %}";
        String bos = "{{ bos_token }}" + custom;
        String saiga = "{% for message in messages %}{% if message['role'] == 'assistant' %}{% set role = 'bot' %}{% else %}{% set role = message['role'] %}{% endif %}{{ bos_token + role + '\\n' + message['content'] + eos_token + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ bos_token + 'bot' }}{% endif %}";
        int i = 0;
        for (String t : List.of(custom, bos, saiga)) {
            Path p = dir.resolve("m" + (i++) + ".gguf");
            TinyLlama.write(p, TinyLlamaSpec.tiny().toBuilder().chatTemplate(t).build());
            for (boolean jinja : List.of(true, false)) {
                ModelParameters mp = new ModelParameters().setModel(p.toString()).setCtxSize(512);
                if (jinja) mp.enableJinja();
                try (LlamaModel m = new LlamaModel(mp)) {
                    System.out.println("=== template " + i + " jinja=" + jinja + ":\n[" + render(m) + "]");
                } catch (Exception e) {
                    System.out.println("=== template " + i + " jinja=" + jinja + " FAILED " + e);
                }
            }
        }
        Path p = dir.resolve("plain.gguf");
        TinyLlama.write(p);
        for (String builtin : List.of("llama3", "chatml", "mistral-v3-tekken", "mistral-v7")) {
            try (LlamaModel m = new LlamaModel(new ModelParameters().setModel(p.toString()).setCtxSize(512).setChatTemplate(builtin))) {
                System.out.println("=== builtin " + builtin + ":\n[" + render(m) + "]");
            }
        }
    }
}
