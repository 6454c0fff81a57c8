/**
 * The words a synthetic shop is made of. A leaf is written `Name:Noun:MedianPrice`, with a
 * trailing `*` when its products are consumables that customers re-buy (replenishment).
 */
export interface DepartmentWords {
  name: string;
  /** Whether colour words fit its products (coffee has no colour, a mug has). */
  coloured: boolean;
  /** What a product is made of, or its variety where "material" means little (coffee, shampoo). */
  materials: readonly string[];
  categories: readonly (readonly [category: string, leaves: readonly string[]])[];
}

export const DEPARTMENTS: readonly DepartmentWords[] = [
  {
    name: 'Home',
    coloured: true,
    materials: ['Ceramic', 'Enamel', 'Oak', 'Walnut', 'Bamboo', 'Glass', 'Stainless Steel', 'Cotton', 'Linen', 'Stoneware', 'Porcelain', 'Cast Iron'],
    categories: [
      ['Kitchen', ['Mugs:Mug:14', 'Cutting Boards:Cutting Board:28', 'Knives:Chef Knife:45', 'Cookware:Frying Pan:55', 'Kettles:Kettle:40']],
      ['Dining', ['Plates:Plate:12', 'Glasses:Glass:10', 'Cutlery:Cutlery Set:35', 'Table Linen:Tablecloth:30']],
      ['Decor', ['Candles:Candle:16', 'Vases:Vase:30', 'Picture Frames:Picture Frame:18', 'Cushions:Cushion:25']],
      ['Cleaning', ['Dish Soap:Dish Soap:4*', 'Sponges:Sponge Pack:5*', 'Laundry Detergent:Laundry Detergent:12*']],
    ],
  },
  {
    name: 'Fashion',
    coloured: true,
    materials: ['Cotton', 'Linen', 'Wool', 'Denim', 'Leather', 'Silk', 'Cashmere', 'Suede', 'Canvas', 'Jersey'],
    categories: [
      ['Women', ['Dresses:Dress:60', 'Blouses:Blouse:40', 'Skirts:Skirt:45', 'Handbags:Handbag:80']],
      ['Men', ['Shirts:Shirt:45', 'Jeans:Jeans:60', 'Jackets:Jacket:120', 'Belts:Belt:30']],
      ['Shoes', ['Sneakers:Sneakers:85', 'Boots:Boots:130', 'Sandals:Sandals:40']],
      ['Accessories', ['Scarves:Scarf:25', 'Hats:Hat:22', 'Socks:Socks:9*']],
    ],
  },
  {
    name: 'Electronics',
    coloured: true,
    materials: ['Aluminium', 'Plastic', 'Carbon', 'Silicone', 'Steel', 'Glass', 'Fabric'],
    categories: [
      ['Audio', ['Headphones:Headphones:90', 'Speakers:Speaker:70', 'Earbuds:Earbuds:60']],
      ['Computers', ['Laptops:Laptop:900', 'Keyboards:Keyboard:60', 'Mice:Mouse:30', 'Monitors:Monitor:250']],
      ['Phones', ['Phone Cases:Phone Case:18', 'Chargers:Charger:22', 'Cables:Cable:12']],
      ['Accessories', ['Batteries:Battery Pack:9*', 'Memory Cards:Memory Card:20', 'Power Banks:Power Bank:35']],
    ],
  },
  {
    name: 'Grocery',
    coloured: false,
    materials: ['Organic', 'Arabica', 'Wholegrain', 'Fair Trade', 'Roasted', 'Wildflower', 'Sea Salt', 'Dark'],
    categories: [
      ['Coffee & Tea', ['Coffee Beans:Coffee Beans:14*', 'Ground Coffee:Ground Coffee:11*', 'Tea:Tea:7*']],
      ['Pantry', ['Pasta:Pasta:3*', 'Olive Oil:Olive Oil:12*', 'Spices:Spice Mix:6*', 'Honey:Honey:9*']],
      ['Snacks', ['Chocolate:Chocolate Bar:4*', 'Crisps:Crisps:3*', 'Nuts:Mixed Nuts:8*']],
      ['Drinks', ['Juice:Juice:4*', 'Sparkling Water:Sparkling Water:2*']],
    ],
  },
  {
    name: 'Beauty',
    coloured: false,
    materials: ['Aloe', 'Argan', 'Rose', 'Lavender', 'Shea', 'Vitamin C', 'Charcoal', 'Coconut'],
    categories: [
      ['Skin Care', ['Moisturisers:Moisturiser:22*', 'Cleansers:Cleanser:15*', 'Serums:Serum:35', 'Sunscreen:Sunscreen:14*']],
      ['Hair', ['Shampoo:Shampoo:9*', 'Conditioner:Conditioner:9*', 'Hair Brushes:Hair Brush:16']],
      ['Makeup', ['Lipsticks:Lipstick:18', 'Mascara:Mascara:15*', 'Foundation:Foundation:28']],
      ['Fragrance', ['Perfumes:Perfume:65', 'Body Lotions:Body Lotion:12*']],
    ],
  },
  {
    name: 'Sports',
    coloured: true,
    materials: ['Nylon', 'Neoprene', 'Aluminium', 'Rubber', 'Foam', 'Steel', 'Polyester', 'Merino'],
    categories: [
      ['Fitness', ['Yoga Mats:Yoga Mat:35', 'Dumbbells:Dumbbell:40', 'Resistance Bands:Resistance Band:15']],
      ['Outdoor', ['Tents:Tent:180', 'Backpacks:Backpack:70', 'Water Bottles:Water Bottle:20']],
      ['Cycling', ['Helmets:Helmet:60', 'Bike Lights:Bike Light:25', 'Inner Tubes:Inner Tube:8*']],
      ['Nutrition', ['Protein Powder:Protein Powder:30*', 'Energy Bars:Energy Bar:2*']],
    ],
  },
  {
    name: 'Toys',
    coloured: true,
    materials: ['Wooden', 'Plastic', 'Plush', 'Cardboard', 'Rubber', 'Bamboo'],
    categories: [
      ['Games', ['Board Games:Board Game:35', 'Puzzles:Puzzle:18', 'Card Games:Card Game:12']],
      ['Building', ['Building Sets:Building Set:45', 'Marble Runs:Marble Run:40']],
      ['Outdoor Play', ['Balls:Ball:12', 'Kites:Kite:20', 'Scooters:Scooter:80']],
      ['Baby', ['Teethers:Teether:9', 'Nappies:Nappy Pack:14*', 'Baby Wipes:Baby Wipes:4*']],
    ],
  },
  {
    name: 'Pets',
    coloured: false,
    materials: ['Chicken', 'Salmon', 'Rope', 'Fleece', 'Nylon', 'Clumping', 'Grain-Free'],
    categories: [
      ['Dogs', ['Dog Food:Dog Food:35*', 'Dog Toys:Dog Toy:10', 'Leashes:Leash:18', 'Dog Beds:Dog Bed:55']],
      ['Cats', ['Cat Food:Cat Food:28*', 'Cat Litter:Cat Litter:15*', 'Scratching Posts:Scratching Post:40']],
      ['Fish', ['Aquariums:Aquarium:90', 'Fish Food:Fish Food:6*']],
    ],
  },
  {
    name: 'Office',
    coloured: true,
    materials: ['Recycled', 'Kraft', 'Leather', 'Metal', 'Bamboo', 'Mesh', 'Gel'],
    categories: [
      ['Paper', ['Notebooks:Notebook:8', 'Printer Paper:Printer Paper:7*', 'Envelopes:Envelope Pack:5*']],
      ['Writing', ['Pens:Pen Set:6*', 'Pencils:Pencil Set:5', 'Markers:Marker Set:9']],
      ['Desk', ['Desk Lamps:Desk Lamp:45', 'Organisers:Desk Organiser:20', 'Chairs:Office Chair:180']],
      ['Printing', ['Ink Cartridges:Ink Cartridge:25*', 'Toner:Toner:60*']],
    ],
  },
  {
    name: 'Garden',
    coloured: true,
    materials: ['Teak', 'Terracotta', 'Steel', 'Rattan', 'Resin', 'Galvanised'],
    categories: [
      ['Plants', ['Seeds:Seed Packet:3*', 'Bulbs:Bulb Pack:8', 'Houseplants:Houseplant:20']],
      ['Tools', ['Trowels:Trowel:12', 'Pruners:Pruner:22', 'Hoses:Garden Hose:35']],
      ['Furniture', ['Garden Chairs:Garden Chair:60', 'Parasols:Parasol:70']],
      ['Care', ['Fertiliser:Fertiliser:11*', 'Compost:Compost Bag:9*']],
    ],
  },
];

export const COLOURS = ['Red', 'Blue', 'Green', 'Black', 'White', 'Grey', 'Navy', 'Mustard', 'Teal', 'Pink', 'Beige', 'Olive', 'Burgundy', 'Sage'];

export const ADJECTIVES = ['Classic', 'Modern', 'Vintage', 'Compact', 'Deluxe', 'Everyday', 'Premium', 'Rustic', 'Nordic', 'Essential', 'Heritage', 'Urban'];

export const BRANDS = [
  'Acme', 'Northwind', 'Blue Fern', 'Oakridge', 'Lumen', 'Halcyon', 'Kestrel', 'Moss & Stone', 'Tidewater', 'Ember',
  'Juniper', 'Cobalt', 'Fable', 'Arbor', 'Marlow', 'Nimbus', 'Sable', 'Wren', 'Alder', 'Quill',
  'Birch & Co', 'Harbor', 'Vela', 'Solace', 'Pioneer', 'Meridian', 'Lark', 'Fernwood', 'Copperline', 'Brightwater',
];

/** Plain-word tags, beside the key:value attributes. */
export const PLAIN_TAGS = ['bestseller', 'gift', 'eco', 'handmade', 'sale', 'premium', 'limited', 'vegan', 'new', 'classic', 'bundle', 'compact'];

/** Description endings; several hold commas, so quoting is exercised on every file. */
export const DESCRIPTION_ENDINGS = [
  'Made to last, easy to care for.',
  'A customer favourite, restocked often.',
  'Thoughtfully designed, sustainably sourced.',
  'Simple, sturdy and good value.',
  'Small-batch production; quantities are limited.',
  'Our "best of range" pick this season.',
];

/** ISO 3166 country codes with their share of customers. */
export const COUNTRIES: readonly (readonly [code: string, weight: number])[] = [
  ['GB', 25], ['US', 20], ['DE', 12], ['FR', 10], ['NL', 6], ['ES', 6],
  ['IT', 6], ['IE', 3], ['SE', 3], ['BE', 3], ['AU', 3], ['CA', 3],
];

/** Lower-case words joined by '-', as tag values are written: "Moss & Stone" -> "moss-stone". */
export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
