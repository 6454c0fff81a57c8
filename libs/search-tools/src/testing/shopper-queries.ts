/**
 * Shopper-style search queries against the shipped sample (libs/data/sample: the UCI "Online
 * Retail" data set, Chen, Sain and Guo 2012, CC BY 4.0), written for issue 19: attribute words
 * (colour, material, size), joined and split words, typos (one word and across two), plurals,
 * product types with a modifier, and phrasings shoppers type. Each lists every recommendable
 * stock code of the sample a shopper would accept, found by the title rule in the comment (a
 * regex per condition, all must hold, `!` must not; `=` lists the codes by hand). Where the
 * sample has no product with every word ("red lantern": no lantern is red), the product type is
 * what is acceptable, never the attribute alone.
 */
export const SHOPPER_QUERY_KINDS = ['colour', 'material', 'size', 'joined-split', 'typo', 'two-word-typo', 'plural', 'product-type', 'shopper'] as const;
export type ShopperQueryKind = (typeof SHOPPER_QUERY_KINDS)[number];

export interface ShopperQuery {
  kind: ShopperQueryKind;
  query: string;
  /** Every stock code a shopper would accept, in catalogue order. */
  relevant: readonly string[];
}

const q = (kind: ShopperQueryKind, query: string, relevant: string): ShopperQuery => ({ kind, query, relevant: relevant.split(' ') });

export const SHOPPER_QUERIES: readonly ShopperQuery[] = [
  q('colour', 'white lantern', '22224 71053'), // LANTERNS? & WHITE
  q('colour', 'red alarm clock', '22727'), // ALARM & CLOCK & \bRED\b
  q('colour', 'red clock', '22193 22727 23316'), // CLOCK\b & \bRED\b
  q('colour', 'black wall clock', '22194 84660B 85163B'), // WALL CLOCK & BLACK
  q('colour', 'pink mug', '22305 37479P 37482P 37489A 37489D'), // MUG\b & PINK & !WARMER|COSY
  q('colour', 'blue mug', '21399 22304 37479B 37489B 37489C'), // MUG\b & BLUE & !WARMER|COSY
  q('colour', 'red mug', '21066 21067 21398 21844 22070 23251'), // MUG\b & \bRED\b & !WARMER|COSY
  q('colour', 'red teapot', '21527'), // TEAPOT & \bRED\b
  q('colour', 'green bowl', '20674 23174 84596J'), // BOWL & GREEN
  q('colour', 'pink bowl', '20677 22701 22703 84596E 84596F 84596G 85040A'), // BOWL & PINK
  q('colour', 'blue parasol', '15044B 15058A'), // PARASOL\b & BLUE
  q('colour', 'red parasol', '15044D 20679'), // PARASOL\b & \bRED\b
  q('colour', 'pink photo frame', '84708B 85024C 85025C'), // PHOTO ?FRAME & PINK
  q('colour', 'ivory wicker heart', '23332 23333 23334'), // WICKER & HEART & IVORY
  q('colour', 'white wicker heart', '23321 23322'), // WICKER & HEART & WHITE
  q('colour', 'red doorstop', '21411'), // DOORSTOP & \bRED\b
  q('colour', 'blue tea towel', '22482'), // TEA TOWEL & BLUE
  q('colour', 'red tea towels', '21035 22480'), // TEA TOWEL & \bRED\b
  q('colour', 'red notebook', '22754 22757'), // NOTEBOOK & \bRED\b
  q('colour', 'purple notebook', '22755 22758'), // NOTEBOOK & PURPLE
  q('colour', 'mint bread bin', '22849'), // BREAD BIN & MINT
  q('colour', 'silver t-light holder', '21326 23039 84347 84945 84946 84949 85103 85104'), // T-LIGHT & SILVER
  q('colour', 'gold photo frame', '20831'), // PHOTO ?FRAME & GOLD
  q('colour', 'pink cushion cover', '22785 22786 47585A 84905 84907'), // SQUARECUSHION COVER|CUSHION COVER & PINK
  q('colour', 'red hot water bottle', '21488 84031A 84032B'), // HOT WATER BOTTLE & \bRED\b
  q('material', 'wooden heart', '22574 22577 22602 23263 85202'), // WOOD(EN)?\b & HEART
  q('material', 'wooden letters', '21359 21360 21361 21363 21364 22118 22119 22120 22121'), // WOOD(EN)?\b & LETTERS
  q('material', 'wooden star', '22573 22578 22600'), // WOOD(EN)?\b & \bSTAR\b
  q('material', 'zinc heart', '20845 20846 20847 22335 22597 23087 23088 23106 23134 23135 35961 84836 84970L 84970S 84974'), // ZINC & HEART
  q('material', 'zinc t-light holder', '20846 23086 23087 23088 23144 23145 84970L 84970S'), // ZINC & T-LIGHT
  q('material', 'glass t-light holder', '21313 21326 21666 21730 22178 22791 23090 71477 84755 84946 85104 85106 85107'), // GLASS & T-LIGHT
  q('material', 'enamel mug', '22441 23251'), // ENAMEL & MUG\b & !WARMER|COSY
  q('material', 'enamel jug', '22427 22429 23252'), // ENAMEL & \bJUG\b
  q('material', 'ceramic money box', '21556 22644 22645 22646 22647 22650'), // CERAMIC & MONEY
  q('material', 'ceramic drawer knob', '21668 21669 21670 21671 21672 21673 23033 23034 23035'), // CERAMIC & KNOB
  q('material', 'glass storage jar', '21664 22359 22360 22361 22362 22363 22364 23020 23021 23089 23169 85146'), // GLASS & \bJAR\b
  q('material', 'wicker basket', '22501 22502 22782 22783'), // WICKER & BASKET
  q('material', 'paper lantern', '23082 23083 40016'), // PAPER & LANTERN
  q('material', 'metal lantern', '22464 22465 71053'), // METAL & LANTERN
  q('material', 'felt garland', '22246 84741C 84748 85205B'), // FELT & GARLAND
  q('material', 'cotton tote bag', '21576 21577 21578 21579 21580 21581'), // COTTON & TOTE
  q('material', 'porcelain t-light holder', '18097C 20956'), // PORCELAIN & T-LIGHT
  q('material', 'wooden bunting', '22498 22499'), // WOOD(EN)?\b & BUNTING
  q('material', 'paper bunting', '22087 22088 22089 22090'), // PAPER & BUNTING
  q('material', 'enamel bread bin', '22424'), // ENAMEL & BREAD BIN
  q('material', 'paper plates', '21090 21094 21096 21988'), // PAPER & PLATES
  q('size', 'large jumbo bag', '20711 20712 20713 21033 21928 21929 21930 21931 22385 22386 22663 23199 23200 23201 23202 23203 23343 23344 23581 23582 85099B 85099C 85099F'), // JUMBO & \bBAG\b
  q('size', 'small storage box', '21426 21427'), // STORAGE BOX & SMALL
  q('size', 'large storage box', '21424 21425'), // STORAGE BOX & LARGE
  q('size', 'large cake stand', '22060 22061 22184'), // CAKE ?STAND & LARGE
  q('size', 'mini cake stand', '22055 22893 37446'), // CAKE ?STAND & MINI
  q('size', 'small lantern', '21324 84760S'), // LANTERN & SMALL
  q('size', 'large photo frame', '23092 23409 23457'), // (PHOTO|PICTURE) ?FRAME & LARGE
  q('size', 'small wicker heart', '22469 23321 23331 23334'), // WICKER & HEART & SMALL
  q('size', 'large wicker heart', '22470 23322 23329 23332'), // WICKER & HEART & LARGE
  q('size', 'large picnic basket', '22501'), // PICNIC BASKET & LARGE
  q('size', 'small notebook', '22753 22754 22755'), // NOTEBOOK & SMALL
  q('size', 'big mug', '37489A 37489B 37489C 37489D'), // MUG\b & BIG & !WARMER|COSY
  q('size', 'medium storage jar', '23166'), // STORAGE JAR & MEDIUM
  q('size', 'small glass sundae dish', '20802 20803'), // SUNDAE & SMALL
  q('size', 'large babushka notebook', '22756 22757 22758'), // BABUSHKA NOTEBOOK & LARGE
  q('size', 'small zinc heart organiser', '23135'), // ZINC HEART WALL ORGANISER & SMALL
  q('joined-split', 'lunchbox', '21558 21559 21561 22352 22353 22629 22630 22631 22659'), // LUNCH BOX
  q('joined-split', 'cakestand', '21843 22055 22060 22061 22182 22183 22184 22215 22220 22221 22236 22423 22776 22890 22893 37446 37449 72760B'), // CAKE ?STAND
  q('joined-split', 'cakestand 3 tier', '22236 22423 22776 22890'), // CAKE ?STAND & 3 TIER
  q('joined-split', 'photoframe', '20831 20832 21366 22181 22766 22767 22768 22796 23069 23070 23092 23093 23408 23409 84708B 84818 85023B 85024C 85025B 85025C 85124B 85124C'), // PHOTO ?FRAME
  q('joined-split', 'door mat', '20685 21523 21524 21955 22365 22366 22414 22660 22687 22688 22689 22690 22691 22692 23283 23284 48111 48116 48129 48138 48173C 48184 48185 48187 48188 48189 48194'), // DOORMAT
  q('joined-split', 'door stop', '21115 21116 21407 21408 21410 21411 21624 22508 22510 22511 22512 22513'), // DOORSTOP
  q('joined-split', 'birdhouse', '21015 21441 21442 22110 22231 22233 22251 22478 23461'), // BIRD ?HOUSE
  q('joined-split', 'bird house decoration', '21015 21441 21442 22251'), // BIRD ?HOUSE & DECORATION
  q('joined-split', 'candleholder', '18097C 20846 20893 20894 20956 21313 21326 21494 21666 21730 21733 21814 21815 22102 22103 22216 22217 22789 22792 22804 22893 23023 23039 23057 23086 23087 23088 23090 23144 23145 23273 23274 23483 23484 23490 71038 71459 71477 72812 79336 84609 84755 84945 84949 84950 84952A 84952B 84952C 84970L 84970S 84977 84978 85026B 85053 85106 85107 85116 85118 85123A'), // CANDLE ?HOLDER|T-LIGHT HOLDER
  q('joined-split', 'candle holder', '18097C 20846 20893 20894 20956 21313 21326 21494 21666 21730 21733 21814 21815 22102 22103 22216 22217 22789 22792 22804 22893 23023 23039 23057 23086 23087 23088 23090 23144 23145 23273 23274 23483 23484 23490 71038 71459 71477 72812 79336 84609 84755 84945 84949 84950 84952A 84952B 84952C 84970L 84970S 84977 84978 85026B 85053 85106 85107 85116 85118 85123A'), // CANDLE ?HOLDER|T-LIGHT HOLDER
  q('joined-split', 'teacup', '22072 22697 22698 22699'), // TEA ?CUP
  q('joined-split', 'tea cup and saucer', '22072 22697 22698 22699'), // TEA ?CUP & SAUCER
  q('joined-split', 'keyring', '21641 21829 22299 23500 23501 84549 84551 90214A 90214B 90214C 90214D 90214F 90214G 90214H 90214J 90214K 90214M 90214O 90214R 90214S'), // KEY ?RINGS?\b
  q('joined-split', 'key ring', '21641 21829 22299 23500 23501 84549 84551 90214A 90214B 90214C 90214D 90214F 90214G 90214H 90214J 90214K 90214M 90214O 90214R 90214S'), // KEY ?RINGS?\b
  q('joined-split', 'hairclip', '90108 90112 90173 90204'), // HAIR ?CLIPS?\b
  q('joined-split', 'washbag', '21001 21157 22276 47594A 47594B 84912A 84912B'), // WASH ?BAG
  q('joined-split', 'wash bag', '21001 21157 22276 47594A 47594B 84912A 84912B'), // WASH ?BAG
  q('joined-split', 'snow flake', '21373 21744'), // SNOW ?FLAKE
  q('joined-split', 'teatowel', '21035 22124 22480 22481 22482 22895 22900 22989'), // TEA TOWEL
  q('joined-split', 'breadbin', '22424 22846 22847 22848 22849'), // BREAD BIN
  q('joined-split', 'polka dot bowl', '20674 20675 20677'), // POLKA ?DOT & BOWL
  q('joined-split', 'polka dot umbrella', '20681 21706 21707 21708 21709 21710 21711 85014A'), // POLKA ?DOT & UMBRELLA
  q('joined-split', 'sweet heart cakestand', '22776'), // SWEETHEART & CAKE ?STAND
  q('joined-split', 'honey comb garland', '21187 21188 21189 21200 21202 21204 21206'), // HONEYCOMB & GARLAND
  q('joined-split', 'note book', '20773 20774 20775 20777 20778 20898 20906 20992 21634 21635 21636 21637 22753 22754 22755 22756 22757 22758 22759 35653 84497 84535A 84535B 84536A 84536B 85019A 85019B 85019C'), // NOTEBOOK
  q('joined-split', 'eggcup', '21397 22269 22975 22976 22977 22988 23564 23565 23566 35914'), // EGG CUP
  q('joined-split', 'tealight holder', '18097C 20846 20893 20894 20956 21313 21326 21494 21666 21730 21733 21814 21815 22102 22103 22216 22217 22789 22893 23023 23039 23057 23086 23087 23088 23090 23144 23145 23273 23274 23483 23484 23490 71459 71477 84755 84945 84949 84950 84952A 84952B 84952C 84970L 84970S 84977 84978 85026B 85106 85107 85116 85118 85123A'), // T-LIGHT HOLDER
  q('joined-split', 'space boy lunch box', '22629'), // SPACEBOY & LUNCH BOX
  q('joined-split', 'moneybox', '21452 21556 22405 22406 22408 22409 22644 22645 22646 22647 22650'), // MONEY (BOX|BANK)
  q('joined-split', 'hotwater bottle', '21479 21481 21484 21485 21488 22110 22111 22112 22113 22114 22835 22837 23355 23356 23358 84029G 84030E 84031A 84031B 84032A 84032B'), // HOT WATER BOTTLE
  q('joined-split', 'jumbobag', '20711 20712 20713 21033 21928 21929 22385 22386 22663 23199 23200 23201 23202 23203 23343 23344 23581 23582 85099B 85099C 85099F'), // JUMBO BAG
  q('joined-split', 'cupcake cases', '21215 23293 22938'), // =21215,23293,22938
  q('joined-split', 'retro spot apron', '21042 21156'), // RETROSPOT & APRON
  q('typo', 'lantren', '21324 22224 22464 22465 22784 23048 23082 23083 23099 40016 71053 84760S'), // LANTERN
  q('typo', 'cushon cover', '20700 20838 20839 20840 20997 21003 21622 21925 21926 21927 22785 22786 23393 23394 23395 23396 46118 46776A 46776B 46776C 46776D 46776E 46776F 47585A 84658 84905 84907 85087'), // SQUARECUSHION COVER|CUSHION COVER
  q('typo', 'notbook', '20773 20774 20775 20777 20778 20898 20906 20992 21634 21635 21636 21637 22753 22754 22755 22756 22757 22758 22759 35653 84497 84535A 84535B 84536A 84536B 85019A 85019B 85019C'), // NOTEBOOK
  q('typo', 'doorstp', '21115 21116 21407 21408 21410 21411 21624 22508 22510 22511 22512 22513'), // DOORSTOP
  q('typo', 'parasoll', '15044A 15044B 15044C 15044D 15056BL 15056N 15056P 15058A 15058B 15058C 20679 21631 21632 21633 23121'), // PARASOL\b
  q('typo', 'buntin', '21621 22087 22088 22089 22090 22498 22499 22668 22669 23298 23313 47566 47566B 47590A 47590B'), // BUNTING
  q('typo', 'garlend', '21187 21188 21189 21200 21202 21204 21205 21206 21207 21380 21381 21804 21808 21812 21813 21820 21821 22162 22241 22246 22340 22341 22342 22779 22780 23489 35921 84741C 84748 85186A 85186C 85205B 90036C 90036D'), // GARLAND
  q('typo', 'tepot', '21527 21528 22649 23173 37500'), // TEAPOT
  q('typo', 'wiker heart', '22469 22470 22855 23321 23322 23329 23330 23331 23332 23333 23334'), // WICKER & HEART
  q('typo', 'candel', '17012A 17012B 17012D 20886 20935 20936 20941 21121 21122 21123 21124 21125 21126 21284 21286 21287 21615 21616 21617 21618 21619 21620 21713 21898 22969 23189 23271 23360 37495 72122 72127 72128 72130 72131 72140E 72225C 72232 72799E 72799F 72800B 72800C 72800D 72800E 72801C 72801D 72802A 72802B 72802C 72803A 72807A 72807B 72807C 72816 72817 72818 84625A 84625C 84832 84846A 85034A 85034B 85034C 85035A 85035B 85035C 85036A 85036B 85036C 85169A 85169B 85169C 85169D 85170B 85170D 85173 85174 85175 85230A 85230E 85230F 85230G'), // CANDLES?\b & !HOLDER|STAND|PLATE|BOWL|WIRE|POT\b|CANDLEHOLDER|CANDLEPOT
  q('typo', 'ceramik money box', '21556 22644 22645 22646 22647 22650'), // CERAMIC & MONEY
  q('typo', 'babuska doorstop', '22510 22511'), // BABUSHKA & DOORSTOP
  q('typo', 'paisly tissues', '21983 21984 23551'), // PAISLEY & TISSUES
  q('typo', 'lavendar heart', '21114 21391'), // LAVENDER & HEART
  q('typo', 'strawbery lunch box', '21559'), // STRAWBERRY & LUNCH BOX
  q('typo', 'picture frme', '20831 20832 21253 21366 22169 22170 22181 22766 22767 22768 22796 23069 23070 23092 23093 23408 23409 23455 23456 23457 82482 84708B 84818 85023B 85024C 85025B 85025C 85124B 85124C'), // (PHOTO|PICTURE) ?FRAME
  q('typo', 'watering cann', '22230 22430 22431 22432 22433 22477 84674'), // WATERING CAN
  q('typo', 'chrismas doormat', '22687 22689'), // CHRISTMAS & DOORMAT
  q('two-word-typo', 'umbrela polkadot', '20681 21706 21707 21708 21709 21710 21711 85014A'), // UMBRELLA & POLKADOT
  q('two-word-typo', 'umbrela polka dot', '20681 21706 21707 21708 21709 21710 21711 85014A'), // UMBRELLA & POLKADOT
  q('two-word-typo', 'retrospt umbrela', '20682 85014B'), // UMBRELLA & RETROSPOT
  q('two-word-typo', 'wodden hart', '22574 22577 22602 23263 85202'), // WOOD(EN)?\b & HEART
  q('two-word-typo', 'ceramc mony box', '21556 22644 22645 22646 22647 22650'), // CERAMIC & MONEY
  q('two-word-typo', 'alarm clokc red', '22727'), // ALARM & \bRED\b
  q('two-word-typo', 'hot watter botle', '21479 21481 21484 21485 21488 22110 22111 22112 22113 22114 22835 22837 23355 23356 23358 84029G 84030E 84031A 84031B 84032A 84032B'), // HOT WATER BOTTLE
  q('two-word-typo', 'jumbo bagg strawbery', '85099F'), // JUMBO BAG & STRAWBERRY
  q('two-word-typo', 'cake stnad 3 teir', '22236 22423 22776 22890'), // CAKE ?STAND & 3 TIER
  q('two-word-typo', 'doormatt welcom', '22691 22692 48188'), // DOORMAT & WELCOME
  q('two-word-typo', 'chrismas tre decoration', '21801 21802 21803'), // =21801,21802,21803
  q('two-word-typo', 'parasol pnik', '15044A 15056P 15058B 21632'), // PARASOL\b & PINK
  q('two-word-typo', 'notebok babushka', '22753 22754 22755 22756 22757 22758'), // BABUSHKA & NOTEBOOK
  q('two-word-typo', 'lantrn metal', '22464 22465 71053'), // METAL & LANTERN
  q('two-word-typo', 'tea towl red', '21035 22480'), // TEA TOWEL & \bRED\b
  q('two-word-typo', 'wicker heartt ivory', '23332 23333 23334'), // WICKER & HEART & IVORY
  q('two-word-typo', 'lunch boxx dinosuar', '21561'), // =21561
  q('two-word-typo', 'picnik baskit', '22501 22502'), // PICNIC BASKET
  q('plural', 'lunch boxes', '21558 21559 21561 22352 22353 22629 22630 22631 22659'), // LUNCH BOX
  q('plural', 'cake stands', '21843 22055 22060 22061 22182 22183 22184 22215 22220 22221 22236 22423 22776 22890 22893 37446 37449 72760B'), // CAKE ?STAND
  q('plural', 'umbrellas', '15060B 20681 20682 20684 20686 21706 21707 21708 21709 21710 21711 85014A 85014B'), // UMBRELLA
  q('plural', 'parasols', '15044A 15044B 15044C 15044D 15056BL 15056N 15056P 15058A 15058B 15058C 20679 21631 21632 21633 23121'), // PARASOL\b
  q('plural', 'mugs', '21066 21067 21068 21069 21070 21071 21398 21399 21844 21845 21868 21870 21871 21872 21873 21874 21875 21876 21877 22059 22070 22071 22190 22300 22301 22302 22303 22304 22305 22306 22307 22441 22970 22971 22972 22973 22974 23251 23660 23661 37327 37340 37413 37448 37462E 37464 37479B 37479P 37482P 37489A 37489B 37489C 37489D 85160B'), // MUG\b & !WARMER|COSY
  q('plural', 'teapots', '21527 21528 22649 23173 37500'), // TEAPOT
  q('plural', 'cushion covers', '20700 20838 20839 20840 20997 21003 21622 21925 21926 21927 22785 22786 23393 23394 23395 23396 46118 46776A 46776B 46776C 46776D 46776E 46776F 47585A 84658 84905 84907 85087'), // SQUARECUSHION COVER|CUSHION COVER
  q('plural', 'photo frames', '20831 20832 21366 22181 22766 22767 22768 22796 23069 23070 23092 23093 23408 23409 84708B 84818 85023B 85024C 85025B 85025C 85124B 85124C'), // PHOTO ?FRAME
  q('plural', 'notebooks', '20773 20774 20775 20777 20778 20898 20906 20992 21634 21635 21636 21637 22753 22754 22755 22756 22757 22758 22759 35653 84497 84535A 84535B 84536A 84536B 85019A 85019B 85019C'), // NOTEBOOK
  q('plural', 'wicker hearts', '22469 22470 22855 23321 23322 23329 23330 23331 23332 23333 23334'), // WICKER & HEART
  q('plural', 'bread bins', '22424 22846 22847 22848 22849'), // BREAD BIN
  q('plural', 'doorstops', '21115 21116 21407 21408 21410 21411 21624 22508 22510 22511 22512 22513'), // DOORSTOP
  q('plural', 'key rings', '21641 21829 22299 23500 23501 84549 84551 90214A 90214B 90214C 90214D 90214F 90214G 90214H 90214J 90214K 90214M 90214O 90214R 90214S'), // KEY ?RINGS?\b
  q('plural', 'egg cups', '21397 22269 22975 22976 22977 22988 23564 23565 23566 35914'), // EGG CUP
  q('plural', 'aprons', '21042 21043 21156 21625 22123 22367 22898 22899 22939 22990 47567B 47591B 47591D'), // APRON
  q('plural', 'watering cans', '22230 22430 22431 22432 22433 22477 84674'), // WATERING CAN
  q('plural', 'storage jars', '21664 22073 23020 23165 23166 23167 23185 23186 23187'), // STORAGE JAR
  q('plural', 'tea towels', '21035 22124 22480 22481 22482 22895 22900 22989'), // TEA TOWEL
  q('product-type', 'red lantern', '21324 22224 22464 22465 22784 23048 23082 23083 23099 40016 71053 84760S'), // LANTERNS?\b
  q('product-type', 'red lanterns', '21324 22224 22464 22465 22784 23048 23082 23083 23099 40016 71053 84760S'), // LANTERNS?\b
  q('product-type', 'heart lantern', '22464 23082'), // LANTERN & HEART
  q('product-type', 'star lantern', '22465 23048 23083'), // LANTERN & \bSTARS?\b
  q('product-type', 'heart doormat', '48194'), // DOORMAT & HEART
  q('product-type', 'strawberry lunch box', '21559'), // STRAWBERRY & LUNCH BOX
  q('product-type', 'christmas doormat', '22687 22689'), // CHRISTMAS & DOORMAT
  q('product-type', 'owl doorstop', '21116'), // OWL & DOORSTOP
  q('product-type', 'heart hot water bottle', '21485 22113'), // HEART & HOT WATER BOTTLE
  q('product-type', 'cat bowl', '22350 22702 22703 22853'), // \bCAT\b & BOWL
  q('product-type', 'dog bowl', '22349 22700 22701 22852'), // \bDOG\b & BOWL
  q('product-type', 'heart garland', '21188 21812 21820 22162'), // HEARTS? & GARLAND
  q('product-type', 'rose teacup', '22699'), // ROSE & TEA ?CUP
  q('product-type', 'dinosaur lunch box', '21561'), // DINOSAUR & LUNCH BOX
  q('product-type', 'union jack apron', '21625'), // UNION JACK & APRON
  q('product-type', 'union jack cushion', '21622 21925 22785 22786'), // UNION & SQUARECUSHION|CUSHION
  q('product-type', 'fairy cake teapot', '22649'), // FAIRY CAKE & TEAPOT
  q('product-type', 'strawberry umbrella', '20684'), // STRAWBERRY & UMBRELLA
  q('product-type', 'skull garland', '21207'), // SKULL & GARLAND
  q('product-type', 'woodland storage box', '21424 21426'), // WOODLAND & STORAGE BOX
  q('product-type', 'spaceboy mug', '22972'), // SPACEBOY & MUG\b & !WARMER|COSY
  q('product-type', 'paisley tissue box', '22092 22096'), // PAISLEY & TISSUE BOX
  q('product-type', 'retrospot tea towels', '21035'), // RETROSPOT & TEA TOWEL
  q('product-type', 'heart t-light holder', '20846 21313 21733 21814 23039 23087 23088 23273 23484 84970L 84970S 84978 85118 85123A'), // HEART & T-LIGHT HOLDER
  q('shopper', 'lunch box for kids', '21558 21559 21561 22352 22353 22629 22630 22631 22659'), // LUNCH BOX
  q('shopper', 'umbrella for a child', '20681 20682 20684 20686'), // UMBRELLA & CHILD
  q('shopper', 'apron for children', '21156 22367 22898 22899 47591B 47591D'), // APRON & CHILD
  q('shopper', 'mug for a child', '22972 22973 22974'), // MUG\b & CHILD & !WARMER|COSY
  q('shopper', 'decorations for the christmas tree', '20668 21014 21015 21147 21801 21802 21803 21807 22130 22573 22574 22576 23265 23382 35607B 35933 35953'), // DECORATION & CHRISTMAS|TREE
  q('shopper', 'a teapot', '21527 21528 22649 23173 37500'), // TEAPOT
  q('shopper', 'hot water bottle for winter', '21479 21481 21484 21485 21488 22110 22111 22112 22113 22114 22835 22837 23355 23356 23358 84029G 84030E 84031A 84031B 84032A 84032B'), // HOT WATER BOTTLE
  q('shopper', 'birthday bunting', '47590A 47590B'), // BIRTHDAY & BUNTING
  q('shopper', 'candles for a party', '21121 21122 21123 21124 21125 21126'), // PARTY|CELEBRATION & CANDLES
  q('shopper', 'bunting for a party', '21621 22087 22088 22089 22090 22498 22499 22668 22669 23298 23313 47566 47566B 47590A 47590B'), // BUNTING
  q('shopper', 'napkins for a party', '21038 21078 21080 21989 22613 22851 22907 22908 22909 84520B'), // NAPKINS\b
  q('shopper', 'vintage doormat', '23283'), // DOORMAT & VINTAGE
  q('shopper', 'coffee mugs', '21066 21067 21068 21069 21070 21071 21398 21399 21844 21845 21868 21870 21871 21872 21873 21874 21875 21876 21877 22059 22070 22071 22190 22300 22301 22302 22303 22304 22305 22306 22307 22441 22970 22971 22972 22973 22974 23251 23660 23661 37327 37340 37370 37413 37448 37462E 37464 37479B 37479P 37482P 37489A 37489B 37489C 37489D 85160B'), // MUGS?\b & !WARMER|COSY
  q('shopper', 'baby bunting', '22668 22669'), // BABY & BUNTING
  q('shopper', 'picnic basket', '22501 22502'), // PICNIC BASKET
  q('shopper', 'jar to store coffee', '21662 35810A 35810B 85159A 85159B'), // COFFEE & CONTAINER|CADDY|JAR
  q('shopper', 'tin for tea', '21661 22358 35809A 35809B'), // TEA & TIN\b|CADDY|CONTAINER
  q('shopper', 'a clock for the kitchen', '22191 22192 22193 22194 23179 23180 23181 23315 23316 23317 23341 23342 23485 84660A 84660B 84660C 84663A 85163A 85163B'), // CLOCK\b & KITCHEN|DINER|REFECTORY|WALL
  q('shopper', 'welcome mat', '22691 22692 48188'), // DOORMAT & WELCOME
  q('shopper', 'frame for a photo', '20831 20832 21366 22181 22766 22767 22768 22796 23069 23070 23092 23093 23408 23409 84708B 84818 85023B 85024C 85025B 85025C 85124B 85124C'), // PHOTO ?FRAME
  q('shopper', 'bag for lunch', '20725 20726 20727 20728 22382 22383 22384 22662 23206 23207 23208 23209 23583'), // LUNCH BAG
];
