export type Section = {
  /** The path of headings above this text, outermost first; empty before the first heading. */
  headings: string[];
  /** 1-based page number, for PDFs. */
  page?: number;
  /** Paragraphs separated by blank lines; code blocks fenced with ``` and kept whole. */
  text: string;
};

export type Extracted = { title: string | null; sections: Section[] };
