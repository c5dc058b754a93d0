package org.hybridchat.server.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.automaton.CompiledAutomaton;
import org.apache.lucene.util.QueryBuilder;

/**
 * FOLDOC and the Jargon File, searchable by headword and by text (Lucene, BM25).
 *
 * <p>A question is answered in tiers, most certain first: an entry whose headword the term is,
 * then one whose headword it is in another form (plural, punctuation), then one whose headword
 * it is with a typing slip, and only then entries whose text mentions the term's words. Only the
 * first three name an entry; {@link #define} answers from them alone, because a definition of
 * the wrong thing given with confidence is worse than none.
 */
public final class KnowledgeIndex {
    private static final String EXACT = "exact";
    private static final String VARIANT = "variant";
    private static final String HEADWORDS = "headwords";
    private static final String BODY = "body";
    private static final String ID = "id";
    /** A headword in the text query counts this much more than a word of the definition. */
    private static final float HEADWORD_BOOST = 3f;
    private static final int MAX_NAMED = 20;

    /** An entry's id is its Lucene document number. */
    private final List<Entry> entries;
    private final Map<Entry, Integer> ids = new IdentityHashMap<>();
    /** How often other entries link to each entry: among equally close misspellings, the better known wins. */
    private final int[] inLinks;
    private final IndexSearcher searcher;
    private final QueryBuilder queries;
    private final long sizeInBytes;

    private KnowledgeIndex(List<Entry> entries, int[] inLinks, IndexSearcher searcher, Analyzer analyzer,
            long sizeInBytes) {
        this.entries = entries;
        this.inLinks = inLinks;
        this.searcher = searcher;
        this.queries = new QueryBuilder(analyzer);
        this.sizeInBytes = sizeInBytes;
        for (int id = 0; id < entries.size(); id++) {
            ids.put(entries.get(id), id);
        }
    }

    /** An index of these entries, held in memory. */
    public static KnowledgeIndex of(List<Entry> entries) {
        List<Entry> held = List.copyOf(entries);
        Analyzer analyzer = new EnglishAnalyzer();
        ByteBuffersDirectory directory = new ByteBuffersDirectory();
        // Log merges join neighbouring segments only, so document numbers stay in the order added.
        try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer)
                .setRAMBufferSizeMB(64).setMergePolicy(new LogByteSizeMergePolicy()))) {
            for (int id = 0; id < held.size(); id++) {
                writer.addDocument(document(id, held.get(id)));
            }
            writer.forceMerge(1);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot index the dictionaries", e);
        }
        try {
            long size = 0;
            for (String file : directory.listAll()) {
                size += directory.fileLength(file);
            }
            DirectoryReader reader = DirectoryReader.open(directory);
            StoredFields stored = reader.storedFields();
            for (int doc = 0; doc < reader.maxDoc(); doc++) {
                if (stored.document(doc).getField(ID).numericValue().intValue() != doc) {
                    throw new IllegalStateException("Document " + doc + " is not entry " + doc);
                }
            }
            IndexSearcher searcher = new IndexSearcher(reader);
            return new KnowledgeIndex(held, inLinks(held), searcher, analyzer, size);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the index of the dictionaries", e);
        }
    }

    /**
     * The entry {@code term} names, if one does: the term may be a whole question ("what is a
     * compiler?"), a plural or misspelt. Empty when no headword is close enough, even when some
     * text mentions the words.
     */
    public Optional<Entry> define(String term) {
        return named(Question.of(term), 1).stream().findFirst().map(Hit::entry);
    }

    /**
     * Up to {@code k} entries for {@code text}: those it names first (see {@link Hit.Match}), then
     * those whose text matches best.
     */
    public List<Hit> search(String text, int k) {
        Question question = Question.of(text);
        Map<Integer, Hit> hits = new LinkedHashMap<>();
        for (Hit hit : named(question, k)) {
            hits.putIfAbsent(id(hit.entry()), hit);
        }
        try {
            for (ScoreDoc doc : searcher.search(textQuery(question.term()), k + hits.size()).scoreDocs) {
                hits.putIfAbsent(doc.doc, new Hit(entries.get(doc.doc), Hit.Match.TEXT, doc.score));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return hits.values().stream().limit(k).toList();
    }

    /** How many entries are indexed (an entry with aliases counts once). */
    public int size() {
        return entries.size();
    }

    /** The index's size in memory, in bytes, without the entries' display text. */
    public long sizeInBytes() {
        return sizeInBytes;
    }

    /**
     * The entries the question names, surest first: exact headwords, then their variants, then close
     * spellings. Each stage only appends, so once {@code enough} distinct entries are in hand the later
     * (and dearer: fuzzy matching) stages cannot change them and are skipped.
     */
    private List<Hit> named(Question question, int enough) {
        List<Hit> named = new ArrayList<>();
        for (List<String> candidates : List.of(question.sure(), question.guessed())) {
            for (String candidate : candidates) {
                named.addAll(ranked(lookup(EXACT, HeadwordKeys.exact(candidate)), question, Hit.Match.HEADWORD));
            }
            if (distinct(named).size() >= enough) {
                break;
            }
            for (String candidate : candidates) {
                named.addAll(ranked(lookup(VARIANT, HeadwordKeys.variant(candidate)), question,
                        Hit.Match.HEADWORD_VARIANT));
            }
            if (distinct(named).size() >= enough) {
                break;
            }
            named.addAll(closeHeadwords(candidates, question));
            if (distinct(named).size() >= enough) {
                break;
            }
        }
        return distinct(named);
    }

    private static List<Hit> distinct(List<Hit> hits) {
        return hits.stream().filter(distinctEntries()).toList();
    }

    /** Headwords a slip or two away from a candidate, nearest first, then the better known. */
    private List<Hit> closeHeadwords(List<String> candidates, Question question) {
        Map<Integer, int[]> distances = new HashMap<>();
        for (String candidate : candidates) {
            String exact = HeadwordKeys.exact(candidate);
            String variant = HeadwordKeys.variant(candidate);
            int slips = Slips.mostForgiven(exact);
            if (slips == 0) {
                continue;
            }
            // building a Levenshtein automaton costs far more than running it: one serves both keys when they agree
            CompiledAutomaton nearExact = FuzzyQuery.getFuzzyAutomaton(exact, slips, 0, true);
            List<Integer> close = new ArrayList<>(accepted(EXACT, nearExact));
            close.addAll(accepted(VARIANT, variant.equals(exact) ? nearExact
                    : FuzzyQuery.getFuzzyAutomaton(variant, slips, 0, true)));
            for (int id : close) {
                for (String headword : entries.get(id).headwords()) {
                    String headwordExact = HeadwordKeys.exact(headword);
                    int exactDistance = HeadwordKeys.distance(exact, headwordExact);
                    int distance = Math.min(exactDistance,
                            HeadwordKeys.distance(variant, HeadwordKeys.variant(headword)));
                    if (distance <= Slips.forgiven(exact, headwordExact)) {
                        // Nearest as typed breaks ties between forms: "Modula2*" is "Modula-2*", not "Modula-2".
                        distances.merge(id, new int[] {distance, exactDistance},
                                (a, b) -> Arrays.compare(a, b) <= 0 ? a : b);
                    }
                }
            }
        }
        return distances.keySet().stream()
                .sorted(Comparator.<Integer, int[]>comparing(distances::get, Arrays::compare)
                        .thenComparingInt(id -> -inLinks[id]).thenComparingInt(id -> id))
                .map(id -> new Hit(entries.get(id), Hit.Match.CLOSE_HEADWORD, textScore(question, id)))
                .toList();
    }

    /** Entries named alike (FOLDOC's and the Jargon File's "daemon") are ordered by how well their text matches. */
    private List<Hit> ranked(Collection<Integer> ids, Question question, Hit.Match match) {
        return ids.stream().map(id -> new Hit(entries.get(id), match, textScore(question, id)))
                .sorted(Comparator.comparingDouble(hit -> -hit.score())).toList();
    }

    private List<Integer> lookup(String field, String key) {
        return key.isEmpty() ? List.of() : lookup(new TermQuery(new Term(field, key)));
    }

    private List<Integer> lookup(Query query) {
        try {
            List<Integer> ids = new ArrayList<>();
            for (ScoreDoc doc : searcher.search(query, MAX_NAMED).scoreDocs) {
                ids.add(doc.doc);
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries with a key in {@code field} that {@code automaton} accepts. */
    private List<Integer> accepted(String field, CompiledAutomaton automaton) {
        try {
            List<Integer> ids = new ArrayList<>();
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                Terms terms = leaf.reader().terms(field);
                TermsEnum keys = terms == null ? TermsEnum.EMPTY : automaton.getTermsEnum(terms);
                PostingsEnum postings = null;
                while (keys.next() != null) {
                    postings = keys.postings(postings, PostingsEnum.NONE);
                    for (int doc = postings.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc()) {
                        ids.add(leaf.docBase + doc);
                    }
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private float textScore(Question question, int id) {
        try {
            return (float) searcher.explain(textQuery(question.term()), id).getValue().doubleValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Query textQuery(String term) {
        Query headwords = queries.createBooleanQuery(HEADWORDS, term);
        Query body = queries.createBooleanQuery(BODY, term);
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        if (headwords != null) {
            query.add(new BoostQuery(headwords, HEADWORD_BOOST), BooleanClause.Occur.SHOULD);
        }
        if (body != null) {
            query.add(body, BooleanClause.Occur.SHOULD);
        }
        return headwords == null && body == null ? new MatchNoDocsQuery() : query.build();
    }

    private int id(Entry entry) {
        return ids.get(entry);
    }

    private static Predicate<Hit> distinctEntries() {
        Set<Entry> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return hit -> seen.add(hit.entry());
    }

    private static Document document(int id, Entry entry) {
        Document document = new Document();
        document.add(new StoredField(ID, id));
        for (String headword : entry.headwords()) {
            document.add(new StringField(EXACT, HeadwordKeys.exact(headword), Field.Store.NO));
            document.add(new StringField(VARIANT, HeadwordKeys.variant(headword), Field.Store.NO));
        }
        document.add(new TextField(HEADWORDS, String.join("\n", entry.headwords()), Field.Store.NO));
        document.add(new TextField(BODY, entry.text(), Field.Store.NO));
        return document;
    }

    private static int[] inLinks(List<Entry> entries) {
        Map<String, Integer> links = new HashMap<>();
        for (Entry entry : entries) {
            for (String reference : entry.crossReferences()) {
                links.merge(HeadwordKeys.exact(reference), 1, Integer::sum);
            }
        }
        int[] counts = new int[entries.size()];
        for (int id = 0; id < entries.size(); id++) {
            counts[id] = entries.get(id).headwords().stream()
                    .mapToInt(headword -> links.getOrDefault(HeadwordKeys.exact(headword), 0)).max().orElse(0);
        }
        return counts;
    }
}
