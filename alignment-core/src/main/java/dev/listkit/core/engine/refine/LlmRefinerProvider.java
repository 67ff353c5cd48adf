package dev.listkit.core.engine.refine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.Refiner;
import dev.listkit.core.engine.RefinerProvider;

/** {@code llm}: caption rewriting through an OpenAI-compatible chat-completions endpoint. */
public final class LlmRefinerProvider implements RefinerProvider {
    @Override
    public String id() {
        return "llm";
    }

    @Override
    public String description() {
        return "rewrites captions with a chat model at {endpoint}/v1/chat/completions (cached, retried, bounded)";
    }

    @Override
    public Refiner create(JsonNode config) throws ConfigException {
        return new LlmRefiner(LlmRefinerConfig.from(config));
    }

    /** Binds and checks the config and reads the prompt template; opens no connection and starts no thread. */
    @Override
    public void validate(JsonNode config) throws ConfigException {
        LlmRefiner.template(LlmRefinerConfig.from(config));
    }
}
