import type { Activity } from './activity.js';
import type { MessageRecord } from './message.js';
import { daysFrom, hoursFrom, isoTimestamp } from './time.js';
import type { User } from './user.js';

/** The mock data Cruddur has always shipped with, dated relative to `now`. */
export interface SeedData {
  users: User[];
  activities: Activity[];
  notifications: Map<string, Activity[]>;
  messages: MessageRecord[];
}

const andrew: User = { handle: 'andrewbrown', display_name: 'Andrew Brown' };
const worf: User = { handle: 'worf', display_name: 'Worf' };
const garek: User = { handle: 'garek', display_name: 'Garek' };
const coco: User = { handle: 'coco', display_name: 'Coco' };

const counts = { likes_count: 0, replies_count: 0, reposts_count: 0 };

function worfReplyTo(activityUuid: string, uuid: string, createdAt: Date) {
  return {
    uuid,
    reply_to_activity_uuid: activityUuid,
    handle: worf.handle,
    display_name: worf.display_name,
    message: 'This post has no honor!',
    ...counts,
    created_at: isoTimestamp(createdAt),
  };
}

export function seedData(now: Date, demoUser: User): SeedData {
  const users = [andrew, worf, garek, coco];
  if (!users.some((user) => user.handle === demoUser.handle)) users.push(demoUser);

  const activities: Activity[] = [
    {
      uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
      ...andrew,
      message: 'Cloud is very fun!',
      created_at: isoTimestamp(daysFrom(now, -2)),
      expires_at: isoTimestamp(daysFrom(now, 5)),
      likes_count: 5,
      replies_count: 1,
      reposts_count: 0,
      replies: [
        worfReplyTo(
          '68f126b0-1ceb-4a33-88be-d90fa7109eee',
          '26e12864-1c26-5c3a-9658-97a10f8fea67',
          daysFrom(now, -2),
        ),
      ],
    },
    {
      uuid: '66e12864-8c26-4c3a-9658-95a10f8fea67',
      ...worf,
      message: 'I am out of prune juice',
      created_at: isoTimestamp(daysFrom(now, -7)),
      expires_at: isoTimestamp(daysFrom(now, 9)),
      ...counts,
      replies: [],
    },
    {
      uuid: '248959df-3079-4947-b847-9e0892d1bab4',
      ...garek,
      message: 'My dear doctor, I am just simple tailor',
      created_at: isoTimestamp(hoursFrom(now, -1)),
      expires_at: isoTimestamp(hoursFrom(now, 12)),
      ...counts,
      replies: [],
    },
  ];

  const unicorn: Activity = {
    uuid: '9cb6a3c4-2f0e-4b1e-a9f5-3c4d1e7b8a21',
    ...coco,
    message: 'I am white unicorn',
    created_at: isoTimestamp(daysFrom(now, -2)),
    expires_at: isoTimestamp(daysFrom(now, 5)),
    likes_count: 5,
    replies_count: 1,
    reposts_count: 0,
    replies: [
      worfReplyTo(
        '9cb6a3c4-2f0e-4b1e-a9f5-3c4d1e7b8a21',
        'b1f5d2a4-6c3e-4d7a-8e9f-0a1b2c3d4e5f',
        daysFrom(now, -2),
      ),
    ],
  };

  const message = (
    uuid: string,
    group: string,
    sender: User,
    receiver: User,
    text: string,
    at: Date,
  ) => ({
    uuid,
    message_group_uuid: group,
    sender,
    receiver,
    message: text,
    created_at: isoTimestamp(at),
  });
  const withWorf = '417c360e-c4e6-4fce-873b-d2d71469b4ac';
  const withGarek = '24b95582-9e7b-4e0a-9ad1-639773ab7552';
  const messages: MessageRecord[] = [
    message(
      '4e81c06a-db0f-4281-b4cc-98208537772a',
      withWorf,
      andrew,
      worf,
      'Cloud is fun!',
      hoursFrom(now, -3),
    ),
    message(
      '66e12864-8c26-4c3a-9658-95a10f8fea68',
      withWorf,
      andrew,
      worf,
      'This platform is great!',
      hoursFrom(now, -2),
    ),
    message(
      '0c8e1f3a-5b7d-4e2a-9c6f-1d2e3f4a5b6c',
      withGarek,
      garek,
      andrew,
      'Would you like a fitting?',
      hoursFrom(now, -5),
    ),
  ];

  return { users, activities, notifications: new Map([[andrew.handle, [unicorn]]]), messages };
}
