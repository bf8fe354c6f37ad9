package org.xwebpreferences;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.xwebpreferences.store.JdbcExport;

/** Rows to CSV (RFC 4180, with a header line) or JSON Lines (one object per line), as they come. */
abstract class ExportWriter implements JdbcExport.RowSink, AutoCloseable {

    /** Flushes what is buffered; the caller closes the underlying writer. */
    @Override
    public abstract void close() throws IOException;

    enum Format { CSV, JSONL }

    static ExportWriter of(Format format, Writer out, List<String> columns) throws IOException {
        return format == Format.CSV ? new Csv(out, columns) : new JsonLines(out, columns);
    }

    /** Comma-separated, every value that needs it quoted; an empty field for null. */
    private static final class Csv extends ExportWriter {
        private final Writer out;

        Csv(Writer out, List<String> columns) throws IOException {
            this.out = out;
            row(columns.toArray(String[]::new));
        }

        @Override
        public void row(String[] values) throws IOException {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(quote(values[i]));
            }
            out.write("\r\n");
        }

        private static String quote(String value) {
            if (value == null) {
                return "";
            }
            boolean plain = value.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')
                    && value.strip().equals(value);
            return plain ? value : '"' + value.replace("\"", "\"\"") + '"';
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** One JSON object per line, with the column names as keys and null for what is absent. */
    private static final class JsonLines extends ExportWriter {
        private final JsonGenerator json;
        private final List<String> columns;

        JsonLines(Writer out, List<String> columns) throws IOException {
            this.json = new JsonFactory().createGenerator(out);
            this.json.setRootValueSeparator(null);
            this.columns = columns;
        }

        @Override
        public void row(String[] values) throws IOException {
            json.writeStartObject();
            for (int i = 0; i < values.length; i++) {
                json.writeStringField(columns.get(i), values[i]);
            }
            json.writeEndObject();
            json.writeRaw('\n');
        }

        @Override
        public void close() throws IOException {
            json.flush();
        }
    }
}
