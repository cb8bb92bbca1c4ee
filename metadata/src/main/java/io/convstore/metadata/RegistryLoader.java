package io.convstore.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads a metadata directory — {@code types/*.yaml}, each naming its payload JSON Schema — into a {@link Registry}.
 * Strict: unknown keys, unsafe names, schemas that do not compile, and columns whose JSON pointer is absent from
 * the schema or has an incompatible type are all refused. Every problem of every file is reported at once, each
 * with file, line, column and key (docs/metadata.md is the reference of the format).
 */
public final class RegistryLoader {
    static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");
    static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    static final Pattern PROPERTY = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    static final Pattern FILE_NAME = Pattern.compile("(?<type>.+?)(\\.v(?<version>\\d+))?\\.ya?ml");
    static final Pattern PARTITION = Pattern.compile(
            "(?:(?<fn>identity|year|month|day|hour)\\(\\s*(?<col>[a-z][a-z0-9_]*)\\s*\\))"
                    + "|(?:(?<nfn>bucket|truncate)\\(\\s*(?<n>\\d{1,5})\\s*,\\s*(?<ncol>[a-z][a-z0-9_]*)\\s*\\))"
                    + "|(?<bare>[a-z][a-z0-9_]*)");
    static final List<String> DEFAULT_PARTITION = List.of("day(occurred_at)", "bucket(4, tenant_id)");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|KB|MB)?", Pattern.CASE_INSENSITIVE);

    private RegistryLoader() {}

    /** The classpath folder that holds the shipped types (copied from {@code metadata/} at build time). */
    static final String BUILT_IN = "convstore-metadata";

    /**
     * Loads the types shipped inside the convstore jar: what a job uses when no metadata directory is configured.
     */
    public static Registry loadBuiltIn() throws MetadataException {
        URL marker = RegistryLoader.class.getClassLoader().getResource(BUILT_IN + "/types/chat.message.yaml");
        if (marker == null) {
            throw new IllegalStateException("the convstore jar lacks its built-in types (" + BUILT_IN + "/types)");
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return load(jar.getPath(BUILT_IN));
                }
            }
            return load(Path.of(uri).getParent().getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the built-in types from " + marker, e);
        }
    }

    /**
     * A digest of every file under {@code dir/types} and {@code dir/schemas} (names and contents): it changes
     * exactly when the metadata a reload would read changes.
     */
    public static String digest(Path dir) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        for (String sub : List.of("types", "schemas")) {
            Path folder = dir.resolve(sub);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    sha.update(dir.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                    sha.update((byte) 0);
                    sha.update(Files.readAllBytes(file));
                    sha.update((byte) 0);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    /** Loads every {@code *.yaml} under {@code dir/types}; throws with all problems when any file is wrong. */
    public static Registry load(Path dir) throws MetadataException {
        Path types = dir.resolve("types");
        if (!Files.isDirectory(types)) {
            throw new MetadataException(List.of(new Problem(dir.toString(), 0, 0, "",
                    "no 'types' directory: the metadata directory holds types/<type>.yaml and schemas/*.json")));
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(types)) {
            files = list.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            throw new MetadataException(List.of(new Problem(types.toString(), 0, 0, "", "cannot list: "
                    + e.getMessage())));
        }
        List<Problem> problems = new ArrayList<>();
        List<TypeDefinition> definitions = new ArrayList<>();
        for (Path file : files) {
            Problems found = new Problems(file.toString());
            TypeDefinition definition = loadFile(file, found);
            problems.addAll(found.list());
            if (definition != null && found.isEmpty()) {
                definitions.add(definition);
            }
        }
        checkAcrossFiles(definitions, problems);
        if (!problems.isEmpty()) {
            throw new MetadataException(problems);
        }
        return Registry.of(definitions);
    }

    private static void checkAcrossFiles(List<TypeDefinition> definitions, List<Problem> problems) {
        Map<TypeDefinition.TypeKey, String> seen = new HashMap<>();
        Map<String, String> tableOwner = new HashMap<>();
        for (TypeDefinition d : definitions) {
            String earlier = seen.putIfAbsent(d.key(), d.source());
            if (earlier != null) {
                problems.add(new Problem(d.source(), 0, 0, "version", d.key() + " is also defined in " + earlier));
            }
            if (d.lake() != null) {
                String owner = tableOwner.putIfAbsent(d.lake().table(), d.type());
                if (owner != null && !owner.equals(d.type())) {
                    problems.add(new Problem(d.source(), 0, 0, "lake.table", "table '" + d.lake().table()
                            + "' already belongs to type " + owner + "; each type has its own table"));
                }
            }
        }
    }

    static TypeDefinition loadFile(Path file, Problems problems) {
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).compose(reader);
        } catch (MarkedYAMLException e) {
            problems.atLine(e.getProblemMark().getLine() + 1, e.getProblemMark().getColumn() + 1, "",
                    "not valid YAML: " + e.getProblem());
            return null;
        } catch (IOException | RuntimeException e) {
            problems.whole("", "cannot read: " + e.getMessage());
            return null;
        }
        if (root == null) {
            problems.whole("", "the file is empty");
            return null;
        }
        YamlFields top = YamlFields.of(root, "", problems);
        if (top == null) {
            return null;
        }
        String type = top.text("type", true);
        Integer version = top.integer("version", true);
        String description = top.text("description", true);
        JsonNode schema = schema(file, top, problems);
        checkNames(file, top, type, version, problems);
        LakeTarget lake = lake(top.mapping("lake", false), schema, problems);
        ServingProjection serving = serving(top.mapping("serving", false), schema, problems);
        List<KafkaTarget> kafka = kafka(top, schema, problems);
        top.finish();
        if (type == null || version == null || description == null || schema == null) {
            return null;
        }
        return new TypeDefinition(type, version, description, file.toString(), schema.toString(), lake, serving,
                kafka);
    }

    private static void checkNames(Path file, YamlFields top, String type, Integer version, Problems problems) {
        if (type != null && !TYPE_NAME.matcher(type).matches()) {
            problems.at(top.positionOf("type"), "type", "'" + type + "' is not a type name: lower-case words joined "
                    + "by dots, e.g. survey.response");
        }
        if (version != null && version < 1) {
            problems.at(top.positionOf("version"), "version", "must be 1 or more");
        }
        Matcher name = FILE_NAME.matcher(file.getFileName().toString());
        if (type != null && version != null && name.matches()) {
            boolean typeMatches = name.group("type").equals(type);
            boolean versionMatches = name.group("version") == null
                    || Integer.parseInt(name.group("version")) == version;
            if (!typeMatches || !versionMatches) {
                problems.at(top.positionOf("type"), "type", "the file name must be " + type + ".yaml or " + type
                        + ".v" + version + ".yaml to match its type and version");
            }
        }
    }

    /** The payload schema: a path relative to the YAML file, or an inline mapping. Must compile. */
    private static JsonNode schema(Path file, YamlFields top, Problems problems) {
        Node value = top.value("schema", true);
        if (value == null) {
            return null;
        }
        JsonNode schema;
        if (value instanceof ScalarNode scalar) {
            Path schemaFile = file.getParent().resolve(scalar.getValue()).normalize();
            try {
                schema = JSON.readTree(Files.readString(schemaFile));
            } catch (IOException e) {
                problems.at(value, "schema", "cannot read the schema file " + schemaFile + ": "
                        + e.getMessage().lines().findFirst().orElse(""));
                return null;
            }
        } else {
            schema = toJson(value);
        }
        if (schema == null || !schema.isObject() || !"object".equals(schema.path("type").asText())) {
            problems.at(value, "schema", "the payload schema must be a JSON Schema object with \"type\": \"object\"");
            return null;
        }
        try {
            SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(schema.toString(), InputFormat.JSON).validate("{}", InputFormat.JSON);
        } catch (RuntimeException e) {
            problems.at(value, "schema", "the schema does not compile: " + e.getMessage());
            return null;
        }
        return schema;
    }

    private static LakeTarget lake(YamlFields lake, JsonNode schema, Problems problems) {
        if (lake == null) {
            return null;
        }
        String table = lake.text("table", true);
        if (table != null && !IDENTIFIER.matcher(table).matches()) {
            problems.at(lake.positionOf("table"), "lake.table", "'" + table + "' is not a safe name: lower-case "
                    + "letters, digits and _ , starting with a letter, at most 63 characters");
        }
        List<LakeColumn> columns = new ArrayList<>();
        List<Node> items = lake.sequence("columns", true);
        for (int i = 0; i < items.size(); i++) {
            LakeColumn column = column(items.get(i), "lake.columns[" + i + "]", schema, problems);
            if (column != null) {
                if (columns.stream().anyMatch(c -> c.name().equals(column.name()))) {
                    problems.at(items.get(i), "lake.columns[" + i + "].name", "column '" + column.name()
                            + "' is declared twice");
                }
                columns.add(column);
            }
        }
        List<String> partition = new ArrayList<>();
        List<Node> specs = lake.sequence("partition", false);
        for (int i = 0; i < specs.size(); i++) {
            String spec = lake.scalar(specs.get(i), "lake.partition[" + i + "]");
            if (spec != null && checkPartition(spec, columns, specs.get(i), "lake.partition[" + i + "]", problems)) {
                partition.add(spec.strip());
            }
        }
        Map<String, String> properties = lake.textMap("properties");
        properties.keySet().stream().filter(k -> !PROPERTY.matcher(k).matches()).forEach(k ->
                problems.at(lake.positionOf("properties"), "lake.properties." + k, "not a table property name"));
        lake.finish();
        return table == null ? null : new LakeTarget(table, List.copyOf(columns),
                partition.isEmpty() && specs.isEmpty() ? DEFAULT_PARTITION : List.copyOf(partition),
                Map.copyOf(properties));
    }

    private static LakeColumn column(Node node, String path, JsonNode schema, Problems problems) {
        YamlFields fields = YamlFields.of(node, path, problems);
        if (fields == null) {
            return null;
        }
        String name = fields.text("name", true);
        String from = fields.text("from", true);
        String typeText = fields.text("type", true);
        String transformText = fields.text("transform", false);
        Boolean required = fields.bool("required");
        fields.finish();
        if (name != null && !IDENTIFIER.matcher(name).matches()) {
            problems.at(fields.positionOf("name"), path + ".name", "'" + name + "' is not a safe column name: "
                    + "lower-case letters, digits and _ , starting with a letter");
            return null;
        }
        if (name != null && Envelopes.LAKE_COLUMNS.contains(name)) {
            problems.at(fields.positionOf("name"), path + ".name", "'" + name + "' is an envelope column every "
                    + "table already has (" + String.join(", ", Envelopes.LAKE_COLUMNS) + ")");
            return null;
        }
        ColumnType type = typeText == null ? null : ColumnType.parse(typeText);
        if (typeText != null && type == null) {
            problems.at(fields.positionOf("type"), path + ".type", "unknown type '" + typeText + "'; allowed: "
                    + ColumnType.ALLOWED);
        }
        Transform transform = transformText == null ? Transform.NONE : Transform.parse(transformText);
        if (transform == null) {
            problems.at(fields.positionOf("transform"), path + ".transform", "unknown transform '" + transformText
                    + "'; allowed: " + Transform.ALLOWED);
        }
        if (name == null || from == null || type == null || transform == null) {
            return null;
        }
        boolean isRequired = Boolean.TRUE.equals(required);
        if (schema != null) {
            String problem = Compatibility.check(SchemaPaths.find(schema, from), type, transform, isRequired);
            if (problem != null) {
                problems.at(fields.positionOf("from"), path + ".from", "'" + from + "' " + problem);
            }
        }
        return new LakeColumn(name, from, type, transform, isRequired);
    }

    private static boolean checkPartition(String spec, List<LakeColumn> columns, Node node, String path,
            Problems problems) {
        Matcher m = PARTITION.matcher(spec.strip());
        if (!m.matches()) {
            problems.at(node, path, "'" + spec + "' is not a partition expression; allowed: column, identity(c), "
                    + "year(c), month(c), day(c), hour(c), bucket(n, c), truncate(n, c)");
            return false;
        }
        String column = m.group("col") != null ? m.group("col") : m.group("ncol") != null ? m.group("ncol")
                : m.group("bare");
        boolean known = Envelopes.LAKE_COLUMNS.contains(column)
                || columns.stream().anyMatch(c -> c.name().equals(column));
        if (!known) {
            problems.at(node, path, "partition column '" + column + "' is neither an envelope column nor declared "
                    + "in lake.columns");
            return false;
        }
        return true;
    }

    private static ServingProjection serving(YamlFields serving, JsonNode schema, Problems problems) {
        if (serving == null) {
            return ServingProjection.defaults();
        }
        String preview = serving.text("preview", false);
        Integer previewLength = serving.integer("preview_length", false);
        Map<String, String> attributes = serving.textMap("attributes");
        List<String> drop = new ArrayList<>();
        List<Node> dropped = serving.sequence("drop", false);
        for (int i = 0; i < dropped.size(); i++) {
            String pointer = serving.scalar(dropped.get(i), "serving.drop[" + i + "]");
            if (pointer != null) {
                if (!pointer.startsWith("/payload/")) {
                    problems.at(dropped.get(i), "serving.drop[" + i + "]", "only payload fields can be dropped "
                            + "(pointers starting with /payload/)");
                } else if (schema != null && SchemaPaths.find(schema, pointer).error() != null) {
                    problems.at(dropped.get(i), "serving.drop[" + i + "]", "'" + pointer + "' "
                            + SchemaPaths.find(schema, pointer).error());
                } else if (schema != null && SchemaPaths.find(schema, pointer).required()) {
                    problems.at(dropped.get(i), "serving.drop[" + i + "]", "'" + pointer + "' is required by the "
                            + "schema; dropping it would store payloads that break their own schema");
                }
                drop.add(pointer);
            }
        }
        long compressAbove = size(serving, "compress_above", ServingProjection.DEFAULT_COMPRESS_ABOVE, problems);
        long offloadAbove = size(serving, "offload_above", ServingProjection.DEFAULT_OFFLOAD_ABOVE, problems);
        if (offloadAbove < compressAbove) {
            problems.at(serving.positionOf("offload_above"), "serving.offload_above", "must not be smaller than "
                    + "serving.compress_above (" + compressAbove + " bytes): offloaded payloads are compressed "
                    + "first, so everything above offload_above is above compress_above too");
        }
        if (preview != null && schema != null) {
            checkPointer(schema, preview, serving.positionOf("preview"), "serving.preview", problems);
        }
        if (previewLength != null && (previewLength < 1 || previewLength > 10_000)) {
            problems.at(serving.positionOf("preview_length"), "serving.preview_length", "must be 1 to 10000");
        }
        attributes.forEach((name, pointer) -> {
            if (!IDENTIFIER.matcher(name).matches()) {
                problems.at(serving.positionOf("attributes"), "serving.attributes." + name, "not a safe name");
            }
            if (schema != null) {
                checkPointer(schema, pointer, serving.positionOf("attributes"), "serving.attributes." + name,
                        problems);
            }
        });
        serving.finish();
        return new ServingProjection(preview, previewLength == null ? ServingProjection.DEFAULT_PREVIEW_LENGTH
                : previewLength, Map.copyOf(attributes), List.copyOf(drop), compressAbove,
                offloadAbove);
    }

    private static List<KafkaTarget> kafka(YamlFields top, JsonNode schema, Problems problems) {
        List<KafkaTarget> targets = new ArrayList<>();
        List<Node> items = top.sequence("kafka", false);
        for (int i = 0; i < items.size(); i++) {
            String path = "kafka[" + i + "]";
            YamlFields target = YamlFields.of(items.get(i), path, problems);
            if (target == null) {
                continue;
            }
            String topic = target.text("topic", true);
            Map<String, String> fields = target.textMap("fields");
            if (target.value("fields", true) != null && fields.isEmpty()) {
                problems.at(target.positionOf("fields"), path + ".fields", "must name at least one field");
            }
            target.finish();
            if (topic != null && !TOPIC.matcher(topic).matches()) {
                problems.at(target.positionOf("topic"), path + ".topic", "'" + topic + "' is not a Kafka topic name");
            }
            fields.forEach((name, pointer) -> {
                if (!IDENTIFIER.matcher(name).matches()) {
                    problems.at(target.positionOf("fields"), path + ".fields." + name, "not a safe field name");
                }
                if (schema != null) {
                    checkPointer(schema, pointer, target.positionOf("fields"), path + ".fields." + name, problems);
                }
            });
            if (topic != null) {
                targets.add(new KafkaTarget(topic, new LinkedHashMap<>(fields)));
            }
        }
        return List.copyOf(targets);
    }

    private static void checkPointer(JsonNode schema, String pointer, Node node, String key, Problems problems) {
        SchemaPaths.Found found = SchemaPaths.find(schema, pointer);
        if (found.error() != null) {
            problems.at(node, key, "'" + pointer + "' " + found.error());
        }
    }

    /** A size option of the serving section ({@code 4096}, {@code 4KiB}, {@code 1MiB}), or its default. */
    private static long size(YamlFields serving, String key, long defaultBytes, Problems problems) {
        String text = serving.text(key, false);
        if (text == null) {
            return defaultBytes;
        }
        Matcher size = SIZE.matcher(text.strip());
        if (size.matches() && size.group(1).length() <= 12) { // beyond a terabyte is a typo, not a size
            return Long.parseLong(size.group(1)) * unit(size.group(2));
        }
        problems.at(serving.positionOf(key), "serving." + key, "'" + text + "' is not a size; write e.g. 4096, "
                + "4KiB or 1MiB");
        return defaultBytes;
    }

    private static long unit(String unit) {
        if (unit == null) {
            return 1;
        }
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "kib", "kb" -> 1024;
            case "mib", "mb" -> 1024 * 1024;
            default -> 1;
        };
    }

    /** Converts a composed YAML node (an inline schema) into a JSON tree, keeping scalar types. */
    private static JsonNode toJson(Node node) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (node instanceof MappingNode mapping) {
            ObjectNode object = nodes.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    object.set(key.getValue(), toJson(tuple.getValueNode()));
                }
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = nodes.arrayNode();
            sequence.getValue().forEach(item -> array.add(toJson(item)));
            return array;
        }
        ScalarNode scalar = (ScalarNode) node;
        Tag tag = scalar.getTag();
        if (Tag.INT.equals(tag)) {
            return nodes.numberNode(Long.parseLong(scalar.getValue()));
        }
        if (Tag.FLOAT.equals(tag)) {
            return nodes.numberNode(Double.parseDouble(scalar.getValue()));
        }
        if (Tag.BOOL.equals(tag)) {
            return nodes.booleanNode(Boolean.parseBoolean(scalar.getValue()));
        }
        if (Tag.NULL.equals(tag)) {
            return nodes.nullNode();
        }
        return nodes.textNode(scalar.getValue());
    }
}
