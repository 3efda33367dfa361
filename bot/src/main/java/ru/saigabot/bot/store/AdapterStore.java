package ru.saigabot.bot.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The LoRA adapters registered for serving. */
public final class AdapterStore {

    /** A registered adapter: its file, the model file it was trained for, and the scale it is applied with. */
    public record Adapter(String name, Path baseModel, Path file, double scale) {}

    /** Registers an adapter, or replaces the one of that name; returns true when it replaced one. */
    public boolean put(Connection tx, Adapter adapter) throws SQLException {
        boolean existed;
        try (PreparedStatement exists = tx.prepareStatement("SELECT 1 FROM lora_adapter WHERE name = ?")) {
            exists.setString(1, adapter.name());
            try (ResultSet row = exists.executeQuery()) {
                existed = row.next();
            }
        }
        try (PreparedStatement statement = tx.prepareStatement(
                "INSERT INTO lora_adapter (name, base_model, file, scale) VALUES (?, ?, ?, ?) ON CONFLICT (name) "
                        + "DO UPDATE SET base_model = EXCLUDED.base_model, file = EXCLUDED.file, scale = EXCLUDED.scale, "
                        + "created_at = now()")) {
            statement.setString(1, adapter.name());
            statement.setString(2, adapter.baseModel().toString());
            statement.setString(3, adapter.file().toString());
            statement.setDouble(4, adapter.scale());
            statement.executeUpdate();
        }
        return existed;
    }

    public boolean remove(Connection tx, String name) throws SQLException {
        try (PreparedStatement statement = tx.prepareStatement("DELETE FROM lora_adapter WHERE name = ?")) {
            statement.setString(1, name);
            return statement.executeUpdate() == 1;
        }
    }

    /** Every registered adapter, newest first. */
    public List<Adapter> all(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT name, base_model, file, scale FROM lora_adapter ORDER BY created_at DESC, name")) {
            List<Adapter> adapters = new ArrayList<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    adapters.add(new Adapter(row.getString(1), Path.of(row.getString(2)), Path.of(row.getString(3)),
                            row.getDouble(4)));
                }
            }
            return adapters;
        }
    }
}
