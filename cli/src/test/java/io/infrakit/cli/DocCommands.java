package io.infrakit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The commands of a markdown document: in each {@code ```console} block, a line starting with
 * {@code $ } is a command and the lines after it, up to the next command, are what it prints.
 * {@code …} in an expected line matches anything; a line that is only {@code …} matches any lines.
 */
record DocCommands(List<Step> steps) {

    static final Pattern CAPTURE = Pattern.compile("([A-Z_][A-Z0-9_]*)=\\$\\((.*)\\)");

    record Step(int line, String command, List<String> expected) {

        /** True when the expected lines appear in {@code output}, in order, gaps allowed. */
        boolean matches(String output) {
            List<String> actual = output.lines().map(String::strip).toList();
            int at = 0;
            for (String e : expected) {
                if (e.isBlank() || e.equals("…")) {
                    continue;
                }
                Pattern p = pattern(e);
                while (at < actual.size() && !p.matcher(actual.get(at)).matches()) {
                    at++;
                }
                if (at == actual.size()) {
                    return false;
                }
                at++;
            }
            return true;
        }

        /** {@code infrakit up &}: the command runs in the background, like a daemon in its own terminal. */
        boolean background() {
            return command.endsWith(" &");
        }

        /** {@code ID=$(infrakit ...)}: the variable the command's output is kept in, or null. */
        String captureInto() {
            var m = CAPTURE.matcher(command);
            return m.matches() ? m.group(1) : null;
        }

        /** The command to run: without {@code &}, without {@code NAME=$(...)}, {@code $NAME}s replaced. */
        String runnable(java.util.Map<String, String> variables) {
            String c = command;
            var m = CAPTURE.matcher(c);
            if (m.matches()) {
                c = m.group(2);
            }
            if (c.endsWith(" &")) {
                c = c.substring(0, c.length() - 2).strip();
            }
            for (var v : variables.entrySet()) {
                c = c.replace("$" + v.getKey(), v.getValue());
            }
            return c;
        }

        /** Words as a shell splits them: on spaces, with '...' and "..." kept whole. */
        static List<String> words(String command) {
            List<String> words = new ArrayList<>();
            StringBuilder w = new StringBuilder();
            char quote = 0;
            boolean any = false;
            for (char c : command.toCharArray()) {
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else {
                        w.append(c);
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                    any = true;
                } else if (Character.isWhitespace(c)) {
                    if (any || !w.isEmpty()) {
                        words.add(w.toString());
                        w.setLength(0);
                        any = false;
                    }
                } else {
                    w.append(c);
                }
            }
            if (any || !w.isEmpty()) {
                words.add(w.toString());
            }
            return words;
        }

        /** The doc says the command fails when its output shows an error. */
        boolean expectsFailure() {
            return expected.stream().anyMatch(l -> l.startsWith("error:"));
        }

        static Pattern pattern(String expectedLine) {
            StringBuilder re = new StringBuilder();
            for (String part : expectedLine.strip().split("…", -1)) {
                if (!re.isEmpty() || expectedLine.strip().startsWith("…")) {
                    re.append(".*");
                }
                String[] words = part.split("\\s+", -1);
                for (int i = 0; i < words.length; i++) {
                    if (i > 0) {
                        re.append("\\s+");
                    }
                    re.append(Pattern.quote(words[i]));
                }
            }
            return Pattern.compile(re.toString());
        }
    }

    static DocCommands parse(String markdown) {
        List<Step> steps = new ArrayList<>();
        boolean inConsole = false;
        String command = null;
        int commandLine = 0;
        List<String> expected = new ArrayList<>();
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith("```")) {
                if (inConsole && command != null) {
                    steps.add(new Step(commandLine, command, List.copyOf(expected)));
                    command = null;
                }
                inConsole = !inConsole && l.strip().equals("```console");
                continue;
            }
            if (!inConsole) {
                continue;
            }
            if (l.startsWith("$ ")) {
                if (command != null) {
                    steps.add(new Step(commandLine, command, List.copyOf(expected)));
                }
                command = l.substring(2).strip();
                commandLine = i + 1;
                expected.clear();
            } else if (command != null) {
                expected.add(l);
            }
        }
        return new DocCommands(steps);
    }
}
