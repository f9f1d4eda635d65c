package org.badit.superni.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.badit.superni.Instance;
import org.junit.jupiter.api.Test;

class SyntheticSuiteTest {

    private static final SyntheticSuite SUITE = SyntheticSuite.builder().optSeed(11).optInstancesPerTask(300)
            .optTestInstancesPerTask(40).build();

    /** Expected first reference, recomputed without the generators' helpers. */
    private static final Map<String, Function<String, String>> ORACLE = Map.ofEntries(
            Map.entry("syn_reverse_word", s -> spaced(backwards(bare(s)))),
            Map.entry("syn_sort_letters", s -> bare(s).chars().sorted().mapToObj(Character::toString)
                    .collect(Collectors.joining(" "))),
            Map.entry("syn_uppercase_word", SyntheticSuiteTest::caps),
            Map.entry("syn_count_letter_a", s -> String.valueOf(bare(s).length() - bare(s).replace("a", "").length())),
            Map.entry("syn_contains_letter_e", s -> s.indexOf('e') >= 0 ? "yes" : "no"),
            Map.entry("syn_larger_number", s -> {
                String[] p = s.split(" and ");
                return Integer.parseInt(p[0]) > Integer.parseInt(p[1]) ? p[0] : p[1];
            }),
            Map.entry("syn_add_numbers", s -> {
                String[] p = s.split(" \\+ ");
                return String.valueOf(Integer.parseInt(p[0]) + Integer.parseInt(p[1]));
            }),
            Map.entry("syn_count_items", s -> String.valueOf(s.split(",").length)),
            Map.entry("syn_first_letter", s -> String.valueOf(s.charAt(0))),
            Map.entry("syn_is_palindrome", spaced -> {
                String s = bare(spaced);
                for (int i = 0, j = s.length() - 1; i < j; i++, j--) {
                    if (s.charAt(i) != s.charAt(j)) {
                        return "no";
                    }
                }
                return "yes";
            }),
            Map.entry("syn_larger_parity", s -> {
                String[] p = s.split(" and ");
                return Math.max(Integer.parseInt(p[0]), Integer.parseInt(p[1])) % 2 == 0 ? "even" : "odd";
            }),
            Map.entry("syn_reverse_uppercase", s -> caps(spaced(backwards(bare(s))))),
            Map.entry("syn_sort_descending", s -> bare(s).chars().boxed().sorted((a, b) -> b - a)
                    .map(c -> Character.toString(c)).collect(Collectors.joining(" "))),
            Map.entry("syn_first_sorted_letter", s -> Character.toString(bare(s).chars().min().orElseThrow())),
            Map.entry("syn_last_sorted_letter", s -> Character.toString(bare(s).chars().max().orElseThrow())),
            Map.entry("syn_first_item", s -> s.substring(0, s.indexOf(','))),
            Map.entry("syn_last_item", s -> s.substring(s.lastIndexOf(", ") + 2)));

    /** The word tasks write a word letter by letter with spaces in between: {@code d b f a}. */
    private static String bare(String s) {
        assertTrue(s.matches("[a-z]( [a-z])*"), "spaced letters: " + s);
        return s.replace(" ", "");
    }

    private static String spaced(String word) {
        return String.join(" ", word.split(""));
    }

    private static String backwards(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = s.length() - 1; i >= 0; i--) {
            sb.append(s.charAt(i));
        }
        return sb.toString();
    }

    private static String caps(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
        }
        return sb.toString();
    }

    @Test
    void everyOutputMatchesAnIndependentComputation() {
        assertEquals(ORACLE.keySet(), SUITE.tasks().stream().map(SyntheticTask::name).collect(Collectors.toSet()),
                "every task needs an oracle in this test");
        for (SyntheticTask t : SUITE.tasks()) {
            Function<String, String> oracle = ORACLE.get(t.name());
            for (Instance i : t.instances()) {
                assertEquals(oracle.apply(i.input()), i.outputs().get(0), t.name() + " " + i.id() + " " + i.input());
            }
            for (var e : t.positiveExamples()) {
                assertEquals(oracle.apply(e.input()), e.output(), t.name() + " positive example");
            }
            for (var e : t.negativeExamples()) {
                assertNotEquals(oracle.apply(e.input()), e.output(), t.name() + " negative example");
            }
        }
    }

    @Test
    void suiteMixesKindsAndSplitsTasksIntoBasicAndHeldOut() {
        List<SyntheticTask> all = SUITE.tasks();
        assertTrue(all.size() >= 10, "at least 10 tasks");
        assertTrue(all.stream().anyMatch(t -> t.kind() == Kind.CLASSIFICATION));
        assertTrue(all.stream().anyMatch(t -> t.kind() == Kind.GENERATION));
        assertTrue(SUITE.heldOutTasks().stream().anyMatch(t -> t.kind() == Kind.CLASSIFICATION));
        assertTrue(SUITE.heldOutTasks().stream().anyMatch(t -> t.kind() == Kind.GENERATION));
        Set<String> names = new HashSet<>();
        all.forEach(t -> assertTrue(names.add(t.name()), "duplicate task " + t.name()));
        assertTrue(SUITE.basicTasks().stream().allMatch(SyntheticTask::basic));
        assertTrue(SUITE.heldOutTasks().stream().noneMatch(SyntheticTask::basic));
        assertEquals(all.size(), SUITE.basicTasks().size() + SUITE.heldOutTasks().size());
        // Basic tasks teach exactly one ability each; every held-out task builds on at least one of them.
        Set<Ability> taught = new HashSet<>();
        for (SyntheticTask t : SUITE.basicTasks()) {
            assertEquals(1, t.abilities().size(), t.name());
            taught.addAll(t.abilities());
        }
        for (SyntheticTask t : SUITE.heldOutTasks()) {
            assertTrue(t.abilities().stream().anyMatch(taught::contains), t.name() + " shares no basic ability");
        }
    }

    @Test
    void conflictingPairsShareInputsButDisagree() {
        List<List<String>> pairs = List.of(List.of("syn_first_item", "syn_last_item"),
                List.of("syn_first_sorted_letter", "syn_last_sorted_letter"),
                List.of("syn_sort_letters", "syn_sort_descending"));
        for (List<String> pair : pairs) {
            SyntheticTask a = SUITE.task(pair.get(0));
            SyntheticTask b = SUITE.task(pair.get(1));
            assertEquals(a.abilities(), b.abilities().subList(0, a.abilities().size()), pair.toString());
            Function<String, String> ruleB = ORACLE.get(b.name());
            long disagree = a.instances().stream().filter(i -> !ruleB.apply(i.input()).equals(i.outputs().get(0)))
                    .count();
            // Same input format (b's rule applies to a's inputs) and opposite answers on almost every input.
            assertTrue(disagree > 0.8 * a.instances().size(), pair + ": only " + disagree + " disagree");
        }
    }

    @Test
    void idsInputsAndLengthsAreWellFormed() {
        for (SyntheticTask t : SUITE.tasks()) {
            assertEquals(260, t.train().size());
            assertEquals(40, t.test().size());
            assertTrue(t.definition().length() <= 80, t.name() + " definition too long");
            assertEquals(2, t.positiveExamples().size());
            assertEquals(1, t.negativeExamples().size());
            Set<String> inputs = new HashSet<>();
            t.positiveExamples().forEach(e -> inputs.add(e.input()));
            List<Instance> all = t.instances();
            for (int n = 0; n < all.size(); n++) {
                Instance i = all.get(n);
                assertEquals(t.name() + "-" + n, i.id());
                assertTrue(inputs.add(i.input()), t.name() + ": repeated input " + i.input());
                assertTrue(!i.input().isEmpty() && i.input().length() <= 40, i.id() + " input " + i.input());
                assertTrue(i.input().matches("[a-z0-9 ,+]+"), i.id() + " input alphabet: " + i.input());
                assertTrue(i.outputs().size() == 1 || t.kind() == Kind.CLASSIFICATION, i.id());
                for (String o : i.outputs()) {
                    assertTrue(!o.isEmpty() && o.length() <= 12, i.id() + " output " + o);
                    assertTrue(o.matches("[a-zA-Z0-9]+( [a-zA-Z0-9])*"), i.id() + " output alphabet: " + o);
                }
            }
        }
    }

    @Test
    void classificationLabelsAreBalancedEnoughToLearn() {
        for (String name : List.of("syn_is_palindrome", "syn_contains_letter_e", "syn_larger_parity")) {
            List<Instance> all = SUITE.task(name).instances();
            long first = all.stream().filter(i -> i.outputs().get(0).equals(all.get(0).outputs().get(0))).count();
            assertTrue(first > 0.3 * all.size() && first < 0.7 * all.size(), name + ": " + first);
        }
        assertTrue(SUITE.task("syn_is_palindrome").instances().stream()
                .anyMatch(i -> i.outputs().equals(List.of("yes", "true"))), "two equivalent references");
    }

    @Test
    void seedsMatterAndBuilderRejectsBadSizes() {
        SyntheticSuite a = SyntheticSuite.builder().optSeed(1).optInstancesPerTask(30).build();
        SyntheticSuite b = SyntheticSuite.builder().optSeed(1).optInstancesPerTask(30).build();
        SyntheticSuite c = SyntheticSuite.builder().optSeed(2).optInstancesPerTask(30).build();
        assertEquals(a.tasks(), b.tasks());
        assertNotEquals(a.tasks(), c.tasks());
        assertThrows(IllegalArgumentException.class,
                () -> SyntheticSuite.builder().optInstancesPerTask(10).optTestInstancesPerTask(10).build());
        assertThrows(IllegalArgumentException.class, () -> SyntheticSuite.builder().optInstancesPerTask(1));
        assertThrows(IllegalArgumentException.class, () -> SyntheticSuite.builder().optTestInstancesPerTask(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.task("nope"));
        assertTrue(e.getMessage().contains("nope"));
        assertFalse(a.tasks().isEmpty());
    }

    @Test
    void largestSuiteStillFindsDistinctInputs() {
        SyntheticSuite big = SyntheticSuite.builder().optSeed(3).optInstancesPerTask(2000).build();
        assertEquals(2000, big.task("syn_add_numbers").instances().size());
    }
}
