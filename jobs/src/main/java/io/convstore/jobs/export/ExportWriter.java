package io.convstore.jobs.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.convstore.connectors.lake.LakeSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.data.FlinkParquetWriters;
import org.apache.iceberg.io.FileAppender;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Writes the rows it receives into files of at most {@code rowsPerFile} rows under the export's folder —
 * {@code part-<subtask>-<n>.parquet} or {@code .jsonl.gz} — and emits each finished file with its row count, size and
 * SHA-256. Parquet keeps the lake's column types; JSON lines carry timestamps as ISO-8601 UTC and the payload as
 * the JSON object it is (not a string).
 */
final class ExportWriter extends AbstractStreamOperator<ExportedFile>
        implements OneInputStreamOperator<RowData, ExportedFile>, BoundedOneInput {
    private static final JsonFactory JSON = new JsonFactory();

    private final LakeSettings lake;
    private final ExportRequest request;
    private final String folder;
    private final Schema schema;
    /** Rows written so far by all writers: the export's progress, as the client sees it through the job. */
    static final String ROWS_WRITTEN = "convstore.export.rows-written";

    private transient FileIO io;
    private transient LongCounter rowsWritten;
    private transient Part part;
    private transient int parts;
    private transient HashingOutputFile current;
    private transient String currentPath;

    ExportWriter(LakeSettings lake, ExportRequest request, String folder, Schema schema) {
        this.lake = lake;
        this.request = request;
        this.folder = folder;
        this.schema = schema;
    }

    /** The file being written, and how many rows it holds. */
    private abstract static class Part {
        private long rows;

        final void add(RowData row) throws IOException {
            write(row);
            rows++;
        }

        final long rows() {
            return rows;
        }

        abstract void write(RowData row) throws IOException;

        /** Closes the file; its bytes are all written (and hashed) afterwards. */
        abstract void finish() throws IOException;
    }

    @Override
    public void open() throws Exception {
        super.open();
        rowsWritten = new LongCounter();
        getRuntimeContext().addAccumulator(ROWS_WRITTEN, rowsWritten);
        io = ExportJob.io(lake, folder);
    }

    @Override
    public void processElement(StreamRecord<RowData> element) throws Exception {
        if (part == null) {
            part = openPart();
        }
        part.add(element.getValue());
        rowsWritten.add(1);
        if (part.rows() >= request.rowsPerFile()) {
            finishPart();
        }
    }

    @Override
    public void endInput() throws Exception {
        finishPart();
    }

    @Override
    public void close() throws Exception {
        try {
            if (part != null) {
                part.finish();
            }
            if (io != null) {
                io.close();
            }
        } finally {
            super.close();
        }
    }

    private Part openPart() {
        parts++;
        String name = String.format("part-%02d-%05d.%s", getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                parts, request.format().extension());
        currentPath = folder + "/" + name;
        current = new HashingOutputFile(io.newOutputFile(currentPath));
        return request.format() == ExportRequest.Format.PARQUET ? parquet(current) : jsonLines(current);
    }

    private void finishPart() throws IOException {
        if (part == null) {
            return;
        }
        part.finish();
        output.collect(new StreamRecord<>(new ExportedFile(currentPath, part.rows(), current.bytes(),
                current.sha256())));
        part = null;
    }

    private Part parquet(OutputFile file) {
        RowType rowType = FlinkSchemaUtil.convert(schema);
        FileAppender<RowData> appender;
        try {
            appender = Parquet.write(file).schema(schema)
                    .createWriterFunc(message -> FlinkParquetWriters.buildWriter(rowType, message)).build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new Part() {
            @Override
            void write(RowData row) {
                appender.add(row);
            }

            @Override
            void finish() throws IOException {
                appender.close();
            }
        };
    }

    private Part jsonLines(OutputFile file) {
        List<Types.NestedField> fields = schema.columns();
        try {
            OutputStream out = new GZIPOutputStream(file.create(), 64 * 1024);
            JsonGenerator json = JSON.createGenerator(out);
            json.setRootValueSeparator(null);
            return new Part() {
                @Override
                void write(RowData row) throws IOException {
                    json.writeStartObject();
                    for (int i = 0; i < fields.size(); i++) {
                        Types.NestedField field = fields.get(i);
                        json.writeFieldName(field.name());
                        writeValue(json, row, i, field);
                    }
                    json.writeEndObject();
                    json.writeRaw('\n');
                }

                @Override
                void finish() throws IOException {
                    json.close();
                }
            };
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeValue(JsonGenerator json, RowData row, int i, Types.NestedField field)
            throws IOException {
        if (row.isNullAt(i)) {
            json.writeNull();
            return;
        }
        Type.TypeID type = field.type().typeId();
        switch (type) {
            case STRING -> {
                String text = row.getString(i).toString();
                if (field.name().equals("payload")) {
                    json.writeRawValue(text); // stored JSON text: embedded as the object it is
                } else {
                    json.writeString(text);
                }
            }
            case LONG -> json.writeNumber(row.getLong(i));
            case INTEGER -> json.writeNumber(row.getInt(i));
            case BOOLEAN -> json.writeBoolean(row.getBoolean(i));
            case DOUBLE -> json.writeNumber(row.getDouble(i));
            case TIMESTAMP -> json.writeString(row.getTimestamp(i, 6).toInstant().toString());
            default -> throw new IllegalStateException("export of column " + field.name() + " of type "
                    + field.type() + " is not supported");
        }
    }

    /** Files on the local file system, for {@code file://} targets. */
    static final class LocalFiles implements FileIO {
        @Override
        public org.apache.iceberg.io.InputFile newInputFile(String path) {
            return org.apache.iceberg.Files.localInput(java.net.URI.create(path).getPath());
        }

        @Override
        public OutputFile newOutputFile(String path) {
            java.io.File file = new java.io.File(java.net.URI.create(path).getPath());
            file.getParentFile().mkdirs();
            return org.apache.iceberg.Files.localOutput(file);
        }

        @Override
        public void deleteFile(String path) {
            new java.io.File(java.net.URI.create(path).getPath()).delete();
        }
    }
}
