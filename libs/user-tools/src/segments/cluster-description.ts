import { clusterLabel, uniqueLabels, type ClusterAverages } from './cluster-labels';
import type { CustomerColumns } from './customer-columns';
import type { FeatureMatrix } from './customer-features';
import type { KMeansResult } from './kmeans';
import type { ClusterInfo } from './segment-summary';

const r2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Orders k-means' clusters by their customers' average net spend (cluster 0 spends most), so
 * ids are stable in meaning across runs, and labels each from its centroid. `clusterOf` holds
 * every customer's new cluster id, -1 for a customer without purchases (not clustered).
 */
export function describeClusters(
  kmeans: Pick<KMeansResult, 'k' | 'assignments' | 'centroids'>,
  features: Pick<FeatureMatrix, 'customers'>,
  customers: CustomerColumns,
): { clusters: ClusterInfo[]; clusterOf: Int16Array } {
  const sums = Array.from({ length: kmeans.k }, () => ({ n: 0, monetary: 0, frequency: 0, recencyDays: 0, basket: 0, distinctProducts: 0, returnRate: 0 }));
  features.customers.forEach((i, row) => {
    const s = sums[kmeans.assignments[row]];
    if (!s) return;
    s.n += 1;
    s.monetary += customers.monetary[i];
    s.frequency += customers.frequency[i];
    s.recencyDays += customers.recencyDays[i];
    s.basket += customers.averageBasket[i];
    s.distinctProducts += customers.distinctProducts[i];
    const purchaseValue = customers.purchaseValue[i];
    s.returnRate += purchaseValue > 0 ? Math.min(1, customers.returnValue[i] / purchaseValue) : 0;
  });
  const averages: ClusterAverages[] = sums.map((s) => {
    const n = Math.max(1, s.n);
    return {
      monetary: r2(s.monetary / n),
      frequency: r2(s.frequency / n),
      recencyDays: r2(s.recencyDays / n),
      basket: r2(s.basket / n),
      distinctProducts: r2(s.distinctProducts / n),
      returnRate: Math.round((s.returnRate / n) * 1e4) / 1e4,
    };
  });
  const order = averages.map((_, i) => i).sort((a, b) => averages[b].monetary - averages[a].monetary || a - b);
  const columns = kmeans.centroids.length / Math.max(1, kmeans.k);
  const labels = uniqueLabels(order.map((old) => clusterLabel(kmeans.centroids.subarray(old * columns, (old + 1) * columns), averages[old])));
  const clusters = order.map((old, id) => ({ id, label: labels[id], averages: averages[old] }));
  const newId = new Int16Array(kmeans.k);
  order.forEach((old, id) => (newId[old] = id));
  const clusterOf = new Int16Array(customers.count).fill(-1);
  features.customers.forEach((i, row) => (clusterOf[i] = newId[kmeans.assignments[row]]));
  return { clusters, clusterOf };
}
