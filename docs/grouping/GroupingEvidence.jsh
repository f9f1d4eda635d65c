// Per-group vs all-together: overall and per-task ROUGE-L with 95 % t-intervals over seeds, and the paired bootstrap
// over tasks of the project's study statistics (org.badit.superni.stats).
//   jshell --class-path examples/target/badit.jar -R-Dev=OUT -R-Dgrouped=split docs/grouping/GroupingEvidence.jsh
// OUT holds <together>-s<seed>/ (default all) and <grouped>-s<seed>/ (each with eval/metrics.json) for seeds 1..3
// (-R-Dseeds=N; -R-Dtogether=all500 for the 500-step all-tasks run).
import com.google.gson.*;
import java.nio.file.*;
import org.badit.superni.stats.*;

Path dir = Paths.get(System.getProperty("ev"));
String grouped = System.getProperty("grouped", "split");
String together = System.getProperty("together", "all");
int seeds = Integer.getInteger("seeds", 3);
JsonObject read(String run) throws Exception { return JsonParser.parseString(Files.readString(dir.resolve(run + "/eval/metrics.json"))).getAsJsonObject(); }
List<String> tasks = new ArrayList<>();
for (String k : read(together + "-s1").keySet()) if (k.startsWith("rougeL_for_syn_") || k.startsWith("rougeL_for_task")) tasks.add(k);
double[][] a = new double[seeds][tasks.size()], g = new double[seeds][tasks.size()];
double[] ao = new double[seeds], go = new double[seeds], d = new double[seeds];
for (int s = 0; s < seeds; s++) {
    JsonObject x = read(together + "-s" + (s + 1)), y = read(grouped + "-s" + (s + 1));
    ao[s] = x.get("rougeL").getAsDouble(); go[s] = y.get("rougeL").getAsDouble(); d[s] = go[s] - ao[s];
    for (int t = 0; t < tasks.size(); t++) { a[s][t] = x.get(tasks.get(t)).getAsDouble(); g[s][t] = y.get(tasks.get(t)).getAsDouble(); }
}
String fmt(Interval i) { return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", i.mean(), i.low(), i.high()); }
System.out.println("overall ROUGE-L, mean [95% t-interval over " + seeds + " seeds]");
System.out.println("  all tasks together (" + together + "): " + fmt(Interval.of(ao, 0.95)) + "  " + Arrays.toString(ao));
System.out.println("  per group (" + grouped + "): " + fmt(Interval.of(go, 0.95)) + "  " + Arrays.toString(go));
System.out.println("  difference: " + fmt(Interval.of(d, 0.95)));
PairedComparison c = PairedTests.bootstrapOverTasks("grouped-" + grouped, "all-together", g, a, 10000, 1, 0.95);
System.out.println("  " + PairedTests.verdict(c, 0.05, "tasks"));
for (int t = 0; t < tasks.size(); t++) {
    double[] at = new double[seeds], gt = new double[seeds];
    for (int s = 0; s < seeds; s++) { at[s] = a[s][t]; gt[s] = g[s][t]; }
    System.out.println(String.format(Locale.ROOT, "  | `%s` | %s | %s |", tasks.get(t).substring(11), fmt(Interval.of(at, 0.95)), fmt(Interval.of(gt, 0.95))));
}
/exit
