package org.badit.examples.cli.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code groups} field of a {@code groups.json} ({@code badit group-tasks} writes it; a user may write one by hand):
 * a list of groups, each a non-empty list of task names, no task in two groups. Every problem is one message that
 * names the file and the field ({@code groups[1][0]}).
 */
public final class TaskGroupsFile {

    /** The field read. */
    public static final String FIELD = "groups";

    private TaskGroupsFile() {}

    /**
     * Reads and checks the groups.
     *
     * @param file the groups file
     * @param known the tasks the data holds (a group naming another is refused); null: any name
     * @param data where those tasks come from, for the message
     * @return the groups, in file order
     * @throws IllegalArgumentException naming the file and field of the first problem
     */
    public static List<List<String>> read(Path file, Collection<String> known, String data) {
        JsonObject root = parse(file);
        JsonElement field = root.get(FIELD);
        if (field == null) {
            throw new IllegalArgumentException(file + ": missing field '" + FIELD + "' (a list of groups, each a list "
                    + "of task names)");
        }
        if (!field.isJsonArray() || field.getAsJsonArray().isEmpty()) {
            throw new IllegalArgumentException(file + ": field '" + FIELD + "' must be a non-empty list of groups, got "
                    + abbreviate(field));
        }
        List<List<String>> groups = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        JsonArray array = field.getAsJsonArray();
        for (int g = 0; g < array.size(); g++) {
            JsonElement group = array.get(g);
            String where = FIELD + "[" + g + "]";
            if (!group.isJsonArray() || group.getAsJsonArray().isEmpty()) {
                throw new IllegalArgumentException(file + ": " + where + " must be a non-empty list of task names, "
                        + "got " + abbreviate(group));
            }
            List<String> names = new ArrayList<>();
            JsonArray members = group.getAsJsonArray();
            for (int i = 0; i < members.size(); i++) {
                String at = where + "[" + i + "]";
                JsonElement e = members.get(i);
                if (!(e instanceof JsonPrimitive p) || !p.isString()) {
                    throw new IllegalArgumentException(file + ": " + at + " must be a task name (a string), got "
                            + abbreviate(e));
                }
                String name = p.getAsString();
                if (known != null && !known.contains(name)) {
                    throw new IllegalArgumentException(file + ": " + at + ": unknown task '" + name + "' (not among "
                            + "the " + known.size() + " training tasks of " + data + ")");
                }
                String before = seen.putIfAbsent(name, at);
                if (before != null) {
                    throw new IllegalArgumentException(file + ": " + at + ": task '" + name + "' is already in "
                            + before + "; a task belongs to one group");
                }
                names.add(name);
            }
            groups.add(List.copyOf(names));
        }
        return List.copyOf(groups);
    }

    private static JsonObject parse(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such groups file");
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + e.getMessage() + ")", e);
        }
        if (root == null || !root.isJsonObject()) {
            throw new IllegalArgumentException(file + ": must be a JSON object with a field '" + FIELD + "', got "
                    + (root == null ? "nothing" : abbreviate(root)));
        }
        return root.getAsJsonObject();
    }

    private static String abbreviate(JsonElement e) {
        String s = String.valueOf(e);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
