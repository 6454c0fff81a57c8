import { UriTemplate } from '@modelcontextprotocol/server';

/** The one content type of Reco's resources: what the tool behind each answers, as JSON text. */
export const RESOURCE_MIME_TYPE = 'application/json';

/** A resource at one fixed URI, read by a tool that takes no input. */
export interface FixedResource {
  uri: string;
  name: string;
  title: string;
  description: string;
  tool: string;
}

/** Resources whose URI names one product or customer, read by a tool with that id. */
export interface RecoResourceTemplate {
  uriTemplate: string;
  /** The URI's one variable. */
  variable: 'productId' | 'customerId';
  name: string;
  title: string;
  description: string;
  tool: string;
  /** The tool's input for the id the URI names. */
  input(id: string): Record<string, unknown>;
  /** A customer template: how a customer token's own resource of it is listed. */
  own?: { name: string; title: string };
}

export const CATEGORIES_URI = 'reco://catalog/categories';

/** By URI: the order resources/list shows them in. */
export const FIXED_RESOURCES: readonly FixedResource[] = [
  {
    uri: CATEGORIES_URI,
    name: 'catalog-categories',
    title: 'Catalogue categories',
    description: "The catalogue's categories (each path and every level above it) with how many products are in each",
    tool: 'list_categories',
  },
  {
    uri: 'reco://segments/summary',
    name: 'segment-summary',
    title: 'Customer segments overview',
    description: 'How many customers are in each RFM segment and behavioural cluster (staff only)',
    tool: 'get_segment_summary',
  },
];

export const PRODUCT_TEMPLATE = 'reco://products/{productId}';
export const CUSTOMER_PROFILE_TEMPLATE = 'reco://customers/{customerId}/profile';
export const CUSTOMER_PURCHASES_TEMPLATE = 'reco://customers/{customerId}/purchases';

/** By URI template: the order resources/templates/list shows them in. */
export const RESOURCE_TEMPLATES: readonly RecoResourceTemplate[] = [
  {
    uriTemplate: CUSTOMER_PROFILE_TEMPLATE,
    variable: 'customerId',
    name: 'customer-profile',
    title: 'Customer profile',
    description: "A customer's purchase profile: orders, spend, average basket, favourite products, countries, returns",
    tool: 'get_user_profile',
    input: (id) => ({ userId: id }),
    own: { name: 'my-profile', title: 'Your profile' },
  },
  {
    uriTemplate: CUSTOMER_PURCHASES_TEMPLATE,
    variable: 'customerId',
    name: 'customer-purchases',
    title: 'Customer purchase history',
    description: "A customer's latest orders, newest first, with their lines",
    tool: 'get_purchase_history',
    input: (id) => ({ userId: id }),
    own: { name: 'my-purchases', title: 'Your purchases' },
  },
  {
    uriTemplate: PRODUCT_TEMPLATE,
    variable: 'productId',
    name: 'product',
    title: 'Product',
    description: 'One product of the catalogue by its id (stock code): title, prices, categories, stock',
    tool: 'get_product',
    input: (id) => ({ productId: id }),
  },
];

/** The URI of a customer's resource of this template (the id percent-encoded as RFC 6570 expands it). */
export function customerResourceUri(template: string, customerId: string): string {
  return new UriTemplate(template).expand({ customerId });
}
