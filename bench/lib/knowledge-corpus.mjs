// The retrieval quality check (`npm run bench`, issue 14): a small shop's help pages and one
// question for each, worded as a visitor would (not copied from the page), with the page that
// answers it. Recall@5: the share of questions whose page is among the five chunks retrieved.
export const CORPUS = [
  [
    'Shipping times',
    'Orders placed before 2 pm leave our warehouse the same working day. Standard delivery within the country takes two to four working days.',
    'How many days until my parcel arrives?',
  ],
  [
    'International shipping',
    'We deliver to the European Union, the United Kingdom, Norway and Switzerland. Customs duties for the UK and Switzerland are paid by the recipient.',
    'Do you send orders abroad, for example to Norway?',
  ],
  [
    'Shipping costs',
    'Delivery is free on orders over 50 euros. Below that, standard delivery costs 4.90 euros and express delivery 9.90 euros.',
    'What does delivery cost for a small order?',
  ],
  [
    'Express delivery',
    'Express orders placed before noon arrive the next working day. Express is not available for furniture or for islands.',
    'Can I get my order tomorrow?',
  ],
  [
    'Tracking a parcel',
    'When your order ships you receive an email with a tracking link. Tracking updates can take up to 24 hours to appear.',
    'Where do I find the tracking number of my package?',
  ],
  [
    'Returns policy',
    'You can return unworn items within 30 days of delivery for a full refund. Sale items can be returned within 14 days.',
    'Until when can I send something back?',
  ],
  [
    'Return shipping label',
    'Print the prepaid return label from your account page and drop the parcel at any post office. Returns from abroad are not prepaid.',
    'Is the return postage free?',
  ],
  [
    'Refund timing',
    'Refunds are issued to the original payment method within five working days after the returned parcel reaches our warehouse.',
    'When will I get my money back after returning an item?',
  ],
  [
    'Exchanges',
    'We do not exchange items directly. Return the item for a refund and place a new order for the size or colour you want.',
    'Can I swap a jacket for a bigger size?',
  ],
  [
    'Damaged items',
    'If an item arrives damaged, send us a photo within 48 hours and we will send a replacement at no cost.',
    'My mug arrived broken, what should I do?',
  ],
  [
    'Payment methods',
    'We accept Visa, Mastercard, American Express, PayPal, Apple Pay and bank transfer. Cash on delivery is not offered.',
    'Can I pay with PayPal?',
  ],
  [
    'Invoices',
    'An invoice with VAT is attached to your shipping confirmation email and can be downloaded from your order history.',
    'I need a VAT invoice for my company',
  ],
  [
    'Gift cards',
    'Gift cards are sent by email, are valid for three years and can be used for several orders until the balance is spent.',
    'How long is a voucher valid?',
  ],
  [
    'Discount codes',
    'Only one discount code can be used per order. Codes cannot be applied to gift cards or to items already on sale.',
    'Can I combine two promo codes?',
  ],
  [
    'Student discount',
    'Students get 15 percent off after verifying their status with a university email address in their account.',
    'Is there a reduction for students?',
  ],
  [
    'Size guide',
    'Our sizes follow European sizing. Measure your chest and waist and compare with the table on each product page.',
    'How do I know which size fits me?',
  ],
  [
    'Product care',
    'Wash wool garments by hand in cold water and dry them flat. Never put wool in the tumble dryer.',
    'Can I machine dry my wool sweater?',
  ],
  [
    'Warranty',
    'Electronics come with a two year warranty covering manufacturing defects. Accidental damage and water damage are not covered.',
    'Is my headphone covered if it stops working after a year?',
  ],
  [
    'Store opening hours',
    'Our Lisbon store is open Monday to Saturday from 10 am to 8 pm and closed on Sundays and public holidays.',
    'Is the shop open on Sunday?',
  ],
  [
    'Store address',
    'The store is at Rua Augusta 120 in Lisbon, five minutes from Baixa-Chiado metro station.',
    'Where is your physical shop located?',
  ],
  [
    'Click and collect',
    'Choose click and collect at checkout to pick up your order at the Lisbon store, usually ready within two hours.',
    'Can I pick up my order in person?',
  ],
  [
    'Account deletion',
    'To delete your account and personal data, go to Settings, Privacy and choose Delete account. Deletion is final after 14 days.',
    'How do I remove my profile and data?',
  ],
  [
    'Password reset',
    'Use Forgot password on the sign in page; the reset link in the email expires after one hour.',
    'I cannot log in, I forgot my password',
  ],
  [
    'Newsletter',
    'Unsubscribe from the newsletter with the link at the bottom of any email or in your account preferences.',
    'How do I stop receiving your marketing emails?',
  ],
  [
    'Order changes',
    'You can change or cancel an order within one hour of placing it from your order history. After that it is already being packed.',
    'I want to cancel the order I just made',
  ],
  [
    'Out of stock items',
    'Click Notify me on a sold out product to get an email when it is back. Most items are restocked within six weeks.',
    'When will the sold out boots be available again?',
  ],
  [
    'Pre-orders',
    'Pre-ordered items are charged when they ship. An order with a pre-order item ships complete when everything is available.',
    'When am I charged for an item that is not released yet?',
  ],
  [
    'Sustainability',
    'Our packaging is made from recycled cardboard and ships without plastic. We offset the emissions of every delivery.',
    'Do you use plastic in your packaging?',
  ],
  [
    'Loyalty program',
    'Members earn one point per euro spent; 100 points give a 5 euro voucher. Points expire after 12 months without a purchase.',
    'How do reward points work?',
  ],
  [
    'Business orders',
    'For orders of more than 20 pieces, our business team offers volume prices and invoices on 30 day terms.',
    'Do you offer bulk pricing for a company order?',
  ],
  [
    'Contact',
    'Our customer service answers by chat and email from Monday to Friday, 9 am to 6 pm, usually within four hours.',
    'When can I reach a human in support?',
  ],
  [
    'Allergens in the cafe',
    'The store cafe bakes its cakes on site; all cakes may contain traces of nuts, gluten and milk.',
    'Are the cakes in your cafe safe for someone allergic to nuts?',
  ],
].map(([title, text, question]) => ({ title, text, question }));
