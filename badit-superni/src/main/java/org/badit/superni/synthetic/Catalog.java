package org.badit.superni.synthetic;

import java.util.List;

/** The fixed list of generators, split into basic-ability tasks and held-out tasks (see {@link SyntheticSuite}). */
final class Catalog {

    private Catalog() {}

    /** One generator per basic ability but PARITY (COUNT has two: letters in a word, items in a list). */
    static List<TaskGenerator> basic() {
        return List.of(new ReverseWord(), new SortLetters(), new UppercaseWord(), new CountLetter(),
                new ContainsLetter(), new LargerNumber(), new AddNumbers(), new CountItems(), new FirstLetter());
    }

    /** Compositions of two abilities and pairs with opposite rules on the same inputs. */
    static List<TaskGenerator> heldOut() {
        return List.of(new IsPalindrome(), new LargerParity(), new ReverseUppercase(), new SortDescending(),
                new FirstSortedLetter(), new LastSortedLetter(), new FirstItem(), new LastItem());
    }
}
