export { InfoPanel } from './InfoPanel';
export { MetricSelector, type MetricChangeDetail } from './MetricSelector';
export { Legend } from './Legend';
export { Attribution } from './Attribution';
export { StatusLine } from './StatusLine';
export { el, formatNumber, formatValue } from './dom';
