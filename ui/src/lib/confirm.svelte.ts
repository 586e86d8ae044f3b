// Asking before an irreversible step, in words that say what will happen ("Cấp số
// 8352/UBND-KT và phát hành?"). One question at a time; the Shell shows it.
export interface Question {
  title: string;
  text: string;
  /** The button that goes ahead, named for the step ("Phát hành"). */
  action: string;
  danger?: boolean;
}

export const question = $state<{ current: (Question & { answer: (yes: boolean) => void }) | null }>({ current: null });

export function confirm(q: Question): Promise<boolean> {
  question.current?.answer(false);
  return new Promise((resolve) => {
    question.current = {
      ...q,
      answer: (yes) => {
        question.current = null;
        resolve(yes);
      },
    };
  });
}
