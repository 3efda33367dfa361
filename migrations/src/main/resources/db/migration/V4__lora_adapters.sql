-- LoRA adapters registered with `saiga-bot adapters add`: `run` loads the one made for its model, and
-- chats can switch it on with /model ("BASE+NAME").
CREATE TABLE lora_adapter (
    name       TEXT PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,31}$'),
    -- the base model's file, as an absolute path: the adapter only fits the model it was trained on
    base_model TEXT             NOT NULL,
    file       TEXT             NOT NULL,
    scale      DOUBLE PRECISION NOT NULL DEFAULT 1.0 CHECK (scale > 0 AND scale <= 4),
    created_at TIMESTAMPTZ      NOT NULL DEFAULT now()
);
