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

    /** @param forSpreadsheets CSV cells a spreadsheet would run as a formula begin with ' (CSV only) */
    static ExportWriter of(Format format, Writer out, List<String> columns, boolean forSpreadsheets)
            throws IOException {
        return format == Format.CSV ? new Csv(out, columns, forSpreadsheets) : new JsonLines(out, columns);
    }

    /** Comma-separated, every value that needs it quoted; an empty field for null. */
    private static final class Csv extends ExportWriter {
        /** What a spreadsheet takes a cell for a formula by (OWASP's list): = + - @, a tab, a carriage return. */
        private static final String FORMULA_STARTS = "=+-@\t\r";

        private final Writer out;
        private final boolean forSpreadsheets;

        Csv(Writer out, List<String> columns, boolean forSpreadsheets) throws IOException {
            this.out = out;
            this.forSpreadsheets = forSpreadsheets;
            row(columns.toArray(String[]::new));
        }

        @Override
        public void row(String[] values) throws IOException {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(quote(forSpreadsheets ? asText(values[i]) : values[i]));
            }
            out.write("\r\n");
        }

        /**
         * Mailing list names come from API clients: one that begins like a formula
         * ran as one when the file was opened in a spreadsheet (security audit).
         * The ' makes it text there, and is not shown.
         */
        private static String asText(String value) {
            return value != null && !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value
                    : value;
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
